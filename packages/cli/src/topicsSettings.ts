import { MODEL_SETTING_BOUNDS } from '@rivulet/decomposition';
import { badOption, readOptionFile, usageError } from './CliError.js';
import {
  type CommandLine,
  choiceValue,
  documentFrequencyValue,
  integerValue,
  numberValue,
  parseInteger,
  stringValue,
} from './parseCommandLine.js';

/** Tokenizer settings as stored in a saved model (TokenizerOptions of @rivulet/tokenizer). */
export interface TokenizerSettings {
  readonly lang: 'auto' | 'en' | 'zh';
  readonly stopWords: 'en' | 'zh' | readonly string[] | null;
  readonly ngram: readonly [number, number];
  readonly dictionary?: readonly string[];
}

/** Vectorizer options (VectorizerOptions of @rivulet/vectorizer). */
export interface VectorizerSettings {
  readonly weighting: 'binary' | 'count' | 'tfidf';
  readonly minDf?: { count: number } | { proportion: number };
  readonly maxDf?: { count: number } | { proportion: number };
  readonly maxFeatures?: number;
}

/** Options given to the decomposer besides `components`, only those the user set or NMF needs. */
export interface DecomposerSettings {
  readonly name: string;
  readonly options: Record<string, unknown>;
}

/** Everything `rivulet topics` was asked to do, validated. */
export interface TopicsSettings {
  readonly corpus: string;
  readonly components: readonly number[];
  readonly textField?: string;
  readonly idField?: string;
  readonly labelField?: string;
  readonly vocabulary?: string;
  /** The tokenizer plugin's name (`--tokenizer`, default `default`) and its settings from the flags. */
  readonly tokenizerName: string;
  readonly tokenizer: TokenizerSettings;
  /** Token filter plugins (`--token-filter`, repeatable), in order. */
  readonly filters: readonly string[];
  /** Document filter plugins (`--document-filter`, repeatable), in order, before the tokenizer. */
  readonly documentFilters: readonly string[];
  readonly vectorizer: VectorizerSettings;
  readonly decomposer: DecomposerSettings;
  /** `--worker`: train in a worker thread (a decomposer whose descriptor says it can). */
  readonly worker: boolean;
  readonly plugins: readonly string[];
  readonly topTerms: number;
  readonly output?: string;
  readonly report?: string;
  readonly save?: string;
  readonly json: boolean;
  /** `--serve`: a live view of training (and `--keep-serving` after it). */
  readonly serve?: { readonly host: string; readonly port: number; readonly keep: boolean };
}

/** scikit-learn's default NMF solver is coordinate descent; `--solver mu` is the seed notebook's. */
export const DEFAULT_DECOMPOSER = 'nmf-cd';
export const DEFAULT_COMPONENTS = 10;

/** Reads and checks the options of `rivulet topics`. */
export async function topicsSettings(line: CommandLine): Promise<TopicsSettings> {
  if (line.positionals.length !== 1) {
    throw usageError(
      line.positionals.length === 0
        ? 'topics needs a corpus: rivulet topics <file.jsonl|file.txt|file.mtx|directory> (see rivulet topics --help)'
        : `topics takes one corpus, got ${line.positionals.length}: ${line.positionals.join(' ')}`,
    );
  }
  const components = componentsValue(stringValue(line, 'components'));
  const solver = choiceValue(line, 'solver', ['mu', 'cd'] as const);
  const decomposerName = stringValue(line, 'decomposer');
  if (solver && decomposerName && decomposerName !== `nmf-${solver}`) {
    throw usageError(
      `--solver ${solver} contradicts --decomposer ${decomposerName} (--solver is short for --decomposer nmf-${solver})`,
    );
  }
  const name = decomposerName ?? (solver ? `nmf-${solver}` : DEFAULT_DECOMPOSER);
  const betaRaw = stringValue(line, 'beta-loss');
  let betaLoss: string | number | undefined;
  if (betaRaw !== undefined) {
    const names = ['frobenius', 'kullback-leibler', 'itakura-saito'];
    if (names.includes(betaRaw)) betaLoss = betaRaw;
    else {
      const beta = betaRaw.trim() === '' ? Number.NaN : Number(betaRaw);
      if (!Number.isFinite(beta))
        throw badOption('--beta-loss', `one of ${names.join(', ')} or a number β`, betaRaw);
      betaLoss = beta;
    }
  }
  const options: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) options[key] = value;
  };
  set('betaLoss', betaLoss);
  set('init', choiceValue(line, 'init', ['random', 'nndsvd', 'nndsvda', 'nndsvdar'] as const));
  // Without --max-epochs, the decomposer's own default applies (its options schema says which).
  set('maxEpochs', integerValue(line, 'max-epochs', 1, MODEL_SETTING_BOUNDS.maxEpochs));
  set('tol', numberValue(line, 'tol', 0));
  set('seed', integerValue(line, 'seed', 0, MODEL_SETTING_BOUNDS.seedMax));

  const lang = choiceValue(line, 'lang', ['auto', 'en', 'zh'] as const) ?? 'auto';
  const stopRaw = stringValue(line, 'stop-words') ?? 'none';
  // A path (anything with a slash or a dot) is a word list, e.g. scikit-learn's list for a like-for-like run.
  const stop =
    stopRaw === 'en' || stopRaw === 'zh' || stopRaw === 'none'
      ? stopRaw
      : /[./\\]/.test(stopRaw)
        ? await wordList('--stop-words', stopRaw)
        : badOptionThrow('--stop-words', 'en, zh, none or a file of words (one per line)', stopRaw);
  const ngram = ngramValue(stringValue(line, 'ngram'));
  const dictionaryPath = stringValue(line, 'dictionary');
  const dictionary =
    dictionaryPath === undefined ? undefined : await wordList('--dictionary', dictionaryPath);
  const vectorizer: VectorizerSettings = {
    weighting: choiceValue(line, 'weighting', ['binary', 'count', 'tfidf'] as const) ?? 'tfidf',
    minDf: documentFrequencyValue(line, 'min-df'),
    maxDf: documentFrequencyValue(line, 'max-df'),
    maxFeatures: integerValue(line, 'max-features', 1),
  };
  const plugins = line.values.plugin;
  const filters = line.values['token-filter'];
  const documentFilters = line.values['document-filter'];
  return {
    corpus: line.positionals[0],
    components,
    textField: stringValue(line, 'text-field'),
    idField: stringValue(line, 'id-field'),
    labelField: stringValue(line, 'label-field'),
    vocabulary: stringValue(line, 'vocabulary'),
    tokenizerName: stringValue(line, 'tokenizer') ?? 'default',
    filters: Array.isArray(filters) ? filters : [],
    documentFilters: Array.isArray(documentFilters) ? documentFilters : [],
    worker: line.values.worker === true,
    tokenizer: {
      lang,
      stopWords: stop === 'none' ? null : stop,
      ngram,
      ...(dictionary ? { dictionary } : {}),
    },
    vectorizer,
    decomposer: { name, options },
    plugins: Array.isArray(plugins) ? plugins : [],
    topTerms: integerValue(line, 'top-terms', 1, 1000) ?? 10,
    output: stringValue(line, 'output'),
    report: stringValue(line, 'report'),
    save: stringValue(line, 'save'),
    json: line.values.json === true,
    serve: serveValue(line),
  };
}

/** `--serve [--host H] [--port N] [--keep-serving]`; the other three need `--serve`. */
function serveValue(line: CommandLine): TopicsSettings['serve'] {
  if (line.values.serve !== true) {
    for (const option of ['host', 'port', 'keep-serving'] as const) {
      if (line.values[option] !== undefined)
        throw usageError(`--${option} applies to --serve (the live view)`);
    }
    return undefined;
  }
  const host = stringValue(line, 'host') ?? '127.0.0.1';
  if (host === '') badOptionThrow('--host', 'an address to bind', host);
  return {
    host,
    port: integerValue(line, 'port', 0, 65535) ?? 0,
    keep: line.values['keep-serving'] === true,
  };
}

/** `10` or a comparison list `5,10,20,40`. */
function componentsValue(raw: string | undefined): number[] {
  if (raw === undefined) return [DEFAULT_COMPONENTS];
  const parts = raw.split(',');
  const values = parts.map((p) => parseInteger('--components', p, 1));
  if (new Set(values).size !== values.length) throw badOption('--components', 'distinct integers ≥ 1', raw);
  return values;
}

/** `2` (bigrams only, as scikit-learn's (2, 2)) or `1,2` (unigrams and bigrams). */
function ngramValue(raw: string | undefined): [number, number] {
  if (raw === undefined) return [1, 1];
  const parts = raw.split(/[,:-]/);
  const top = MODEL_SETTING_BOUNDS.ngramMax;
  const expected = `n or min,max with 1 ≤ min ≤ max ≤ ${top} (e.g. 1,2)`;
  if (parts.length > 2) throw badOption('--ngram', expected, raw);
  const values = parts.map((p) => {
    const v = /^\s*\d+\s*$/.test(p) ? Number(p) : Number.NaN;
    if (!Number.isInteger(v) || v < 1 || v > top) throw badOption('--ngram', expected, raw);
    return v;
  });
  const [min, max = min] = values;
  if (min > max) throw badOption('--ngram', expected, raw);
  return [min, max];
}

function badOptionThrow(option: string, expected: string, got: string): never {
  throw badOption(option, expected, got);
}

/** The non-empty trimmed lines of a file: a dictionary or a stop-word list. */
async function wordList(option: string, path: string): Promise<string[]> {
  const text = await readOptionFile(option, path);
  return text
    .split(/\r?\n/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}
