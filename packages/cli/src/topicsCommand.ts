import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DocTermMatrix, findPlugin, isRivuletError, type OptionSpec, RivuletError } from '@rivulet/core';
import { topTerms } from '@rivulet/decomposition';
import { argmaxRows as argmaxKernel, type DenseMatrix } from '@rivulet/linalg';
import { TopicModel, type VectorizedCorpus } from '@rivulet/model';
import type { ExplorerModelInput, TrainingView } from '@rivulet/view';
import { CLI, usageError } from './CliError.js';
import { type ComparisonRow, formatComparison, formatTopics, meanOf } from './formatTables.js';
import { decomposerNames, type LoadedPlugins, loadPlugins, warnUnused } from './loadPlugins.js';
import { normalizedMutualInformation } from './normalizedMutualInformation.js';
import { npmiCoherence } from './npmiCoherence.js';
import { checkOutputTargets, fileForK, type NamedPath } from './outputTargets.js';
import { formatSeconds, type Progress } from './Progress.js';
import { type CommandLine, stringValue } from './parseCommandLine.js';
import { readCorpus } from './readCorpus.js';
import { renderReport } from './renderReport.js';
import type { TopicSummary, TopicsRun } from './TopicsRun.js';
import { type TopicsSettings, topicsSettings } from './topicsSettings.js';
import { train } from './train.js';

/** What a command writes to: stdout for results, a progress reporter on stderr. */
export interface CommandIO {
  readonly stdout: { write(text: string): unknown };
  readonly progress: Progress;
  readonly version: string;
  /** A warning for the user: one line on stderr, even with --quiet. */
  readonly warn: (message: string) => void;
}

/** Characters of each document a saved model keeps (and the report shows), unless --no-snippets. */
const SNIPPET_LENGTH = 200;

/** Terms whose NPMI is the topic's coherence (the usual choice, and gensim's `topn` default). */
const COHERENCE_TERMS = 10;

/** `rivulet topics <corpus>`: read, vectorize, train, then tables, JSON, a report, a saved model. */
export async function topicsCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const started = performance.now();
  const settings = await topicsSettings(line);
  const comparing = settings.components.length > 1;
  if (comparing) {
    for (const option of ['label-field', 'serve'] as const) {
      if (line.values[option] !== undefined) {
        throw usageError(
          `--${option} needs a single --components value, got ${settings.components.join(',')}`,
        );
      }
    }
  }
  if (line.values.force === true && settings.save === undefined) {
    throw usageError('--force applies to --save DIR (it allows replacing a model saved there)');
  }
  // With a list of components, --output FILE and --save DIR name one entry per k (docs.k10.jsonl,
  // DIR/k10); the report is one page for every k.
  const outputFor = (k: number) =>
    settings.output === undefined ? undefined : comparing ? fileForK(settings.output, k) : settings.output;
  const saveFor = (k: number) =>
    settings.save === undefined ? undefined : comparing ? join(settings.save, `k${k}`) : settings.save;
  await checkOutputTargets(
    topicsInputs(line, settings),
    [
      ...settings.components.flatMap((k) => {
        const path = outputFor(k);
        return path === undefined ? [] : [{ option: '--output', path }];
      }),
      ...(settings.report === undefined ? [] : [{ option: '--report', path: settings.report }]),
    ],
    settings.save === undefined
      ? undefined
      : {
          path: settings.save,
          force: line.values.force === true,
          ...(comparing ? { entries: settings.components.map((k) => `k${k}`) } : {}),
        },
  );
  const plugins = await loadPlugins(settings.plugins);
  const names = decomposerNames(plugins.container);
  if (!names.includes(settings.decomposer.name)) {
    throw new RivuletError(
      'unknown-plugin',
      CLI,
      `--decomposer must be a registered decomposer (${names.join(', ')}), got ${JSON.stringify(settings.decomposer.name)}`,
      { parameter: '--decomposer' },
    );
  }
  // What the chosen plugins declare, not their names, decides their options and how they run.
  const decomposerPlugin = findPlugin(plugins.container, 'decomposer', settings.decomposer.name);
  const decomposerOptions: Record<string, unknown> = { ...settings.decomposer.options };
  const epochLimit = (decomposerPlugin.options as Record<string, OptionSpec | undefined> | undefined)
    ?.maxEpochs?.default;
  if (decomposerOptions.maxEpochs === undefined && typeof epochLimit === 'number') {
    decomposerOptions.maxEpochs = epochLimit;
  }
  if (settings.worker && decomposerPlugin.capabilities?.worker === undefined) {
    throw usageError(
      `--worker needs a decomposer that can run in a worker thread; ${settings.decomposer.name} does not declare one (its descriptor has no worker capability)`,
    );
  }
  const tokenizer = tokenizerChoice(line, plugins, settings);
  for (const name of settings.filters) findPlugin(plugins.container, 'token-filter', name);
  for (const name of settings.documentFilters) findPlugin(plugins.container, 'document-filter', name);
  warnUnused(
    plugins,
    'topics',
    {
      tokenizer: [tokenizer.name],
      'token-filter': settings.filters,
      'document-filter': settings.documentFilters,
      vectorizer: ['default'],
      decomposer: [settings.decomposer.name],
    },
    io.warn,
  );
  const { progress } = io;
  // --no-snippets: no document text goes into any output (the model, the report's explorer).
  const keepsText = line.values['no-snippets'] !== true;

  // Text is read, tokenized and counted in one pass: each document is counted as it is read and then
  // dropped, so no phase holds the corpus's texts or token arrays (the matrix and vocabulary remain).
  const readStart = performance.now();
  let readSeconds = 0;
  let vectorizeStart = readStart;
  const onRead = (documents: number) => {
    vectorizeStart = performance.now();
    readSeconds = (vectorizeStart - readStart) / 1000;
    progress.done(`read ${documents.toLocaleString('en-US')} documents in ${formatSeconds(readSeconds)}`);
    progress.stage('vectorizing');
  };
  const corpus = await readCorpus(settings.corpus, settings, true, progress, onRead);
  let vectorized: VectorizedCorpus | DocTermMatrix;
  if (corpus.format === 'mtx') {
    vectorizeStart = performance.now();
    readSeconds = (vectorizeStart - readStart) / 1000;
    vectorized = corpus.matrix;
    progress.done(
      `read ${corpus.matrix.ids.length.toLocaleString('en-US')} documents in ${formatSeconds(readSeconds)}`,
    );
  } else {
    // Only the snippets of the texts are kept, as they are read (TopicModel.vectorize's snippetLength),
    // and only for an output that shows them: the saved model (rivulet similar) and the report.
    const showsText = keepsText && (settings.save !== undefined || settings.report !== undefined);
    vectorized = await TopicModel.vectorize(corpus.documents, {
      documentFilters: settings.documentFilters,
      tokenizer,
      filters: settings.filters,
      vectorizer: { name: 'default', options: settings.vectorizer as unknown as Record<string, unknown> },
      plugins: plugins.modules,
      snippetLength: showsText ? SNIPPET_LENGTH : 0,
    }).catch((error: unknown) => restateDocumentFrequency(error, line));
  }
  const matrix = 'tokenizer' in vectorized ? vectorized.matrix : vectorized;
  const vectorizeSeconds = (performance.now() - vectorizeStart) / 1000;
  progress.done(
    `vectorized: ${matrix.matrix.rows.toLocaleString('en-US')} × ${matrix.matrix.cols.toLocaleString('en-US')}, ` +
      `${matrix.matrix.nnz.toLocaleString('en-US')} non-zeros in ${formatSeconds(vectorizeSeconds)}`,
  );

  const settingsOut: Record<string, unknown> = {
    corpus: settings.corpus,
    format: corpus.format,
    ...(corpus.format === 'jsonl'
      ? { textField: settings.textField ?? 'text', idField: settings.idField ?? 'id' }
      : {}),
    ...(corpus.format === 'mtx'
      ? {}
      : {
          ...(tokenizer.name === 'default' ? {} : { tokenizerPlugin: tokenizer.name }),
          tokenizer: tokenizer.options,
          ...(settings.filters.length ? { filters: settings.filters } : {}),
          ...(settings.documentFilters.length ? { documentFilters: settings.documentFilters } : {}),
          vectorizer: settings.vectorizer,
        }),
    decomposer: settings.decomposer.name,
    ...decomposerOptions,
    components: comparing ? settings.components : settings.components[0],
  };

  const view = settings.serve === undefined ? undefined : await startLiveView(settings, matrix);
  const rows: ComparisonRow[] = [];
  const runs: TopicsRun[] = [];
  const explored: ExplorerModelInput[] = [];
  for (const k of settings.components) {
    let trained: Awaited<ReturnType<typeof train>>;
    try {
      trained = await train(
        plugins,
        vectorized,
        settings.decomposer.name,
        { ...decomposerOptions, components: k },
        progress,
        view,
        settings.worker,
      );
    } catch (error) {
      await view?.close();
      throw error;
    }
    const { model } = trained;
    const W = model.W!;
    const { H } = model;
    const result = model.training!;
    progress.done(
      comparing
        ? `k=${k}: ${result.epochs} epochs in ${formatSeconds(trained.seconds)}`
        : `trained: ${result.epochs} epochs, loss ${result.loss.toPrecision(6)} in ${formatSeconds(trained.seconds)}`,
    );
    const topTopic = argmaxRows(W);
    const topics = summarizeTopics(matrix, W, H, settings.topTerms, topTopic);
    let nmi: number | undefined;
    if (corpus.format !== 'mtx' && corpus.labels)
      nmi = normalizedMutualInformation(corpus.labels, Array.from(topTopic));
    const output = outputFor(k);
    if (output !== undefined) {
      const lines: string[] = [];
      for (let i = 0; i < W.rows; i++) {
        lines.push(
          JSON.stringify({ id: matrix.ids[i], topics: Array.from(W.row(i)), top_topic: topTopic[i] }),
        );
      }
      await writeOutput(output, `${lines.join('\n')}\n`);
    }
    const save = saveFor(k);
    if (save !== undefined) {
      if (comparing) await makeDirectory(settings.save as string);
      await model.save(save, { overwrite: line.values.force === true });
    }
    rows.push({
      components: k,
      epochs: result.epochs,
      loss: result.loss,
      converged: result.converged,
      coherence: meanOf(topics.map((t) => t.coherence)),
      seconds: trained.seconds,
    });
    runs.push({
      settings: { ...settingsOut, components: k },
      documents: matrix.matrix.rows,
      terms: matrix.matrix.cols,
      nnz: matrix.matrix.nnz,
      components: k,
      decomposer: settings.decomposer.name,
      epochs: result.epochs,
      loss: result.loss,
      converged: result.converged,
      seconds: {
        read: readSeconds,
        vectorize: vectorizeSeconds,
        train: trained.seconds,
        total: (performance.now() - started) / 1000,
      },
      topics,
      ...(nmi === undefined ? {} : { nmi }),
      lossCurve: trained.losses,
    });
    if (settings.report !== undefined) explored.push({ label: `k=${k}`, H, W });
  }
  if (settings.report !== undefined) {
    const { explorerData } = await import('@rivulet/view');
    const explorer = explorerData({
      corpus: matrix,
      ...('snippets' in vectorized && vectorized.snippets ? { texts: vectorized.snippets } : {}),
      snippetLength: SNIPPET_LENGTH,
      models: explored,
    });
    await writeOutput(settings.report, renderReport(runs, explorer, `rivulet topics — ${settings.corpus}`));
  }
  if (comparing) {
    if (settings.json) {
      io.stdout.write(
        `${JSON.stringify({
          settings: settingsOut,
          documents: matrix.matrix.rows,
          terms: matrix.matrix.cols,
          nnz: matrix.matrix.nnz,
          decomposer: settings.decomposer.name,
          comparison: rows,
          seconds: {
            read: readSeconds,
            vectorize: vectorizeSeconds,
            total: (performance.now() - started) / 1000,
          },
        })}\n`,
      );
    } else io.stdout.write(formatComparison(rows));
    return;
  }
  const run = runs[0];
  if (settings.json) {
    const { lossCurve: _, ...json } = run;
    io.stdout.write(`${JSON.stringify(json)}\n`);
  } else io.stdout.write(formatTopics(run, settings.topTerms));
  if (view !== undefined) {
    if (settings.serve?.keep) {
      // Listen before saying so: stderr to a pipe is written synchronously, so whoever reads the line may
      // send Ctrl-C before the next statement runs (the battery's --keep-serving case was killed so).
      const ended = new Promise<void>((resolve) => {
        const end = () => {
          process.off('SIGINT', end);
          process.off('SIGTERM', end);
          resolve();
        };
        process.on('SIGINT', end);
        process.on('SIGTERM', end);
      });
      process.stderr.write(`live view: still serving ${view.url} — press Ctrl-C to end\n`);
      await ended;
    }
    await view.close();
  }
}

/** `--save DIR` with a list of components: DIR holds one model per k, and is made if missing (its parent exists: checked). */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new RivuletError(
      'io',
      CLI,
      `cannot create --save ${JSON.stringify(dir)}: ${(error as Error).message}`,
      {
        parameter: '--save',
        cause: error,
      },
    );
  }
}

/**
 * `--serve`: the live view of this run on a local server (loopback unless --host names another address,
 * which is the explicit request `allowRemote` stands for). Its URL, with the run's token, goes to stderr
 * even under --quiet: without it nobody can open the page.
 */
async function startLiveView(settings: TopicsSettings, matrix: DocTermMatrix): Promise<TrainingView> {
  const serve = settings.serve as NonNullable<TopicsSettings['serve']>;
  // Loaded only for --serve: the HTTP server and the page are no part of a run without it.
  const { serveTraining } = await import('@rivulet/view');
  const view = await serveTraining({
    host: serve.host,
    port: serve.port,
    allowRemote: true,
    vocabulary: matrix.vocabulary,
    title: `rivulet topics — ${settings.corpus}`,
  });
  process.stderr.write(`live view: ${view.url}\n`);
  return view;
}

/** The tokenizer flags and the option of a tokenizer's options schema each one sets. */
const TOKENIZER_FLAGS = [
  ['lang', 'lang'],
  ['stop-words', 'stopWords'],
  ['ngram', 'ngram'],
  ['dictionary', 'dictionary'],
] as const;

/**
 * The chosen tokenizer (`--tokenizer`, default `default`) with the tokenizer flags its options schema
 * declares; a flag given for a tokenizer without that option is a usage error naming its options.
 */
function tokenizerChoice(
  line: CommandLine,
  plugins: LoadedPlugins,
  settings: TopicsSettings,
): { name: string; options: Record<string, unknown> } {
  const name = settings.tokenizerName;
  const schema = (findPlugin(plugins.container, 'tokenizer', name).options ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  const given = settings.tokenizer as unknown as Record<string, unknown>;
  for (const [flag, key] of TOKENIZER_FLAGS) {
    if (key in schema) {
      if (given[key] !== undefined) options[key] = given[key];
    } else if (line.values[flag] !== undefined) {
      throw usageError(
        `--${flag} is not an option of the tokenizer ${JSON.stringify(name)} (its options: ${Object.keys(schema).join(', ') || 'none'})`,
      );
    }
  }
  return { name, options };
}

/** Top terms, size and coherence of each topic. */
function summarizeTopics(
  matrix: DocTermMatrix,
  W: DenseMatrix,
  H: DenseMatrix,
  shownTerms: number,
  topTopic: Int32Array = argmaxRows(W),
): TopicSummary[] {
  const vocabulary = matrix.vocabulary;
  const n = Math.min(Math.max(shownTerms, COHERENCE_TERMS), vocabulary.length);
  const top = topTerms(H, vocabulary, n);
  const column = new Map<string, number>();
  for (let j = 0; j < vocabulary.length; j++) column.set(vocabulary[j], j);
  const coherence = npmiCoherence(
    matrix.matrix,
    top.map((t) => t.terms.slice(0, COHERENCE_TERMS).map((x) => column.get(x.term)!)),
  );
  const sizes = new Int32Array(H.rows);
  for (const t of topTopic) sizes[t]++;
  return top.map((t) => ({
    index: t.index,
    size: sizes[t.index],
    coherence: Number.isFinite(coherence[t.index]) ? coherence[t.index] : null,
    terms: t.terms.slice(0, shownTerms).map((x) => ({ term: x.term, weight: x.weight })),
  }));
}

/** Each document's dominant topic: the largest weight of its row of W (the first on ties, as numpy). */
export function argmaxRows(W: DenseMatrix): Int32Array {
  const out = new Int32Array(W.rows);
  argmaxKernel(W.rows, W.cols, W.data, out);
  return out;
}

/** Writes a file the user named as an output (checked by {@link checkOutputTargets} before any work). */
export async function writeOutput(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new RivuletError('io', CLI, `cannot write ${JSON.stringify(path)}: ${(error as Error).message}`, {
      parameter: 'path',
      cause: error,
    });
  }
}

/**
 * The paths `topics` reads: the corpus, `--vocabulary`, the word lists and plugins given as paths. The
 * word-list rule is `topicsSettings`' (a value with a slash or a dot is a file).
 */
function topicsInputs(line: CommandLine, settings: TopicsSettings): NamedPath[] {
  const inputs: NamedPath[] = [{ option: 'the corpus', path: settings.corpus }];
  if (settings.vocabulary !== undefined) inputs.push({ option: '--vocabulary', path: settings.vocabulary });
  for (const option of ['dictionary', 'stop-words'] as const) {
    const value = stringValue(line, option);
    if (value !== undefined && /[./\\]/.test(value)) inputs.push({ option: `--${option}`, path: value });
  }
  for (const plugin of settings.plugins) inputs.push({ option: '--plugin', path: plugin });
  return inputs;
}

/**
 * The vectorizer's document-frequency errors restated in the options the user typed: its own message
 * speaks of `maxDf = { proportion: 1 }`, a default the user never set.
 */
function restateDocumentFrequency(error: unknown, line: CommandLine): never {
  if (!isRivuletError(error) || (error.parameter !== 'maxDf' && error.parameter !== 'minDf')) throw error;
  const min = `--min-df ${stringValue(line, 'min-df') ?? '1 (the default)'}`;
  const max = `--max-df ${stringValue(line, 'max-df') ?? '1.0 (the default: every document)'}`;
  const contradiction = /\((\d+) of (\d+) documents\) < minDf = .*\((\d+)\)$/.exec(error.message);
  if (contradiction) {
    const [, high, rows, low] = contradiction;
    throw new RivuletError(
      'invalid-option',
      CLI,
      `${min} asks for terms in at least ${low} documents but ${max} allows at most ${high} of the corpus's ${rows}; lower --min-df or raise --max-df`,
      { parameter: '--min-df', cause: error },
    );
  }
  const empty = /df ≥ (\d+), .*df ≤ (\d+), .* over (\d+) documents and (\d+) terms/.exec(error.message);
  if (empty) {
    const [, low, high, rows, terms] = empty;
    throw new RivuletError(
      'empty-input',
      CLI,
      `no term of the ${terms} occurs in at least ${low} (${min}) and at most ${high} (${max}) of the ${rows} documents; lower --min-df or raise --max-df`,
      { parameter: '--min-df', cause: error },
    );
  }
  throw error;
}
