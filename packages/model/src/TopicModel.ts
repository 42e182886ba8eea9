import {
  checkResults,
  createContainer,
  type DecomposerStage,
  type DocTermMatrix,
  type Document,
  describeValue,
  findPlugin,
  integerOption,
  listPlugins,
  type Neighbour,
  type PluginRole,
  RivuletError,
  resolvePlugin,
  type SimilarityIndex,
  type Stage,
  type TokenizedDocument,
  type TrainingEvent,
  textSnippet,
  untilResult,
  type WeightingState,
} from '@rivulet/core';
import {
  currentOrigin,
  loadModel,
  type ModelOrigin,
  type SaveModelOptions,
  saveModel,
  type TopicTerms,
  topTerms,
  trainInWorker,
} from '@rivulet/decomposition';
import type { DenseMatrix } from '@rivulet/linalg';
import { similarityIndex } from '@rivulet/similarity';
import type { Container, ContainerModule } from 'inversify';
import { defer, from, lastValueFrom, map, type Observable, of, tap, toArray } from 'rxjs';
import { builtInPlugins } from './builtInPlugins.js';
import { fittedDecomposer, fittedVectorizer, type RowsOf, type WeightsOf } from './fittedStages.js';
import { type ModelPipeline, type PluginChoice, type PluginSpec, pluginChoice } from './ModelPipeline.js';
import { pipelineFromSettings, TOPIC_MODEL_KIND, type TrainingSummary } from './modelSettings.js';

const STAGE = 'TopicModel';
const DEFAULT_DECOMPOSER: PluginChoice = { name: 'nmf-cd', options: { components: 10 } };
/** Scripts `Intl.Segmenter` splits into words, so their tokens depend on the runtime's ICU data. */
const SEGMENTED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Documents as a model takes them: strings (ids are their 0-based positions) or `{ id, text }` / `{ id, tokens }`. */
export type ModelInput =
  | Iterable<string | Document>
  | AsyncIterable<string | Document>
  | Observable<string | Document>;

/** Which plugins read and count the documents; see {@link TopicModel.vectorize}. */
export interface VectorizeOptions {
  /**
   * Document filters (role `document-filter`) applied in order before tokenizing: each rewrites or drops
   * documents. Saved in the model and applied again by `transform` and `similar`.
   */
  readonly documentFilters?: readonly PluginSpec[];
  /** Default `'default'` (the Unicode/`Intl.Segmenter` tokenizer of `@rivulet/tokenizer`). */
  readonly tokenizer?: PluginSpec;
  /** Token filters (role `token-filter`) applied in order between tokenizer and vectorizer. */
  readonly filters?: readonly PluginSpec[];
  /** Default `'default'` (the vocabulary vectorizer of `@rivulet/vectorizer`, TF-IDF). */
  readonly vectorizer?: PluginSpec;
  /** The plugin modules the names are looked up in (default {@link builtInPlugins}). */
  readonly plugins?: readonly ContainerModule[];
  /**
   * Characters of each document's text kept as its snippet (`textSnippet` of `@rivulet/core`), which the
   * model saves and `rivulet similar` shows beside a neighbour. Default 200; 0 keeps no text.
   */
  readonly snippetLength?: number;
}

/** Which decomposer trains, and the controls of this run; see {@link TopicModel.train}. */
export interface TrainOptions {
  /** Default `{ name: 'nmf-cd', options: { components: 10 } }`; `components` goes in the options. */
  readonly decomposer?: PluginSpec;
  /** The plugin modules the names are looked up in (default {@link builtInPlugins}). */
  readonly plugins?: readonly ContainerModule[];
  /**
   * Options of this run only, given to the decomposer's stage but not saved in the model: `stop`,
   * `sliceMs`, `worker`, … (what the decomposer accepts).
   */
  readonly run?: Readonly<Record<string, unknown>>;
  /** Every training event, as it happens (epochs, warnings, the result). */
  readonly onEvent?: (event: TrainingEvent) => void;
  /** Aborting cancels training and rejects with an `aborted` error. */
  readonly signal?: AbortSignal;
}

export type FitOptions = VectorizeOptions & TrainOptions;

/** Options of {@link TopicModel.load}. */
export interface LoadOptions {
  /** The plugin modules the model's plugin names are looked up in (default {@link builtInPlugins}). */
  readonly plugins?: readonly ContainerModule[];
  /**
   * Called with a warning about the model's use (default `process.emitWarning`), e.g. when Chinese text is
   * segmented with another ICU version than the model was made with.
   */
  readonly onWarning?: (message: string) => void;
}

/** A corpus after tokenizing and vectorizing, with the plugins that did it, ready for {@link TopicModel.train}. */
export interface VectorizedCorpus {
  readonly matrix: DocTermMatrix;
  readonly documentFilters: readonly PluginChoice[];
  readonly tokenizer: PluginChoice;
  readonly filters: readonly PluginChoice[];
  readonly vectorizer: PluginChoice;
  /**
   * The beginning of each document's text, in the matrix's row order (absent with `snippetLength: 0` or
   * when the documents came pre-tokenized).
   */
  readonly snippets?: readonly string[];
}

interface TopicModelParts {
  readonly pipeline: ModelPipeline;
  readonly vocabulary: readonly string[];
  readonly weighting: WeightingState;
  readonly H: DenseMatrix;
  readonly W?: DenseMatrix;
  readonly ids?: readonly string[];
  readonly snippets?: readonly string[];
  readonly training?: TrainingSummary;
  readonly created: ModelOrigin | undefined;
  readonly source?: string;
}

/**
 * A topic model with its whole pipeline — tokenizer, token filters, vectorizer and decomposer, each a
 * plugin chosen by name with its options — that can be saved as data, loaded in another process and used
 * on new text: `fit` → `topTerms`, `transform`, `similar`, `save`, `TopicModel.load`.
 *
 * @example
 * ```ts
 * import { TopicModel } from '@rivulet/model';
 * const model = await TopicModel.fit(documents, { decomposer: { name: 'nmf-cd', options: { components: 5 } } });
 * model.topTerms(8);
 * await model.save('models/news');
 * const again = await TopicModel.load('models/news');
 * const weights = await again.transform(['a new text']); // 1 × 5
 * const neighbours = await again.similar('a query text', 3);
 * ```
 */
export class TopicModel {
  /** Which plugin fills each role, with its options (what the model file records). */
  readonly pipeline: ModelPipeline;
  /** The terms, in column order of H. */
  readonly vocabulary: readonly string[];
  /** How document-term values were weighted (with the idf for TF-IDF). */
  readonly weighting: WeightingState;
  /** components × terms. */
  readonly H: DenseMatrix;
  /** documents × components, the training documents' topic weights (absent when not saved). */
  readonly W: DenseMatrix | undefined;
  /** The training documents' ids, in row order of W. */
  readonly ids: readonly string[] | undefined;
  /**
   * The beginning of each training document's text, in row order of W (see `snippetLength`); absent when
   * none was kept or for models saved before Rivulet 0.3.
   */
  readonly snippets: readonly string[] | undefined;
  /** How training ended (absent for models saved by Rivulet 0.1's CLI). */
  readonly training: TrainingSummary | undefined;
  /** Where the model was made (runtime, ICU and Rivulet versions); absent for format-1 models. */
  readonly created: ModelOrigin | undefined;

  private readonly container: Container;
  private readonly source: string | undefined;
  private readonly onWarning: (message: string) => void;
  private icuChecked = false;
  private rowsOf: RowsOf | undefined;
  private weightsOf: WeightsOf | undefined;
  private index: SimilarityIndex | undefined;
  private rowOfId: Map<string, number> | undefined;

  private constructor(
    parts: TopicModelParts,
    plugins: readonly ContainerModule[],
    onWarning?: (m: string) => void,
  ) {
    this.pipeline = parts.pipeline;
    this.vocabulary = parts.vocabulary;
    this.weighting = parts.weighting;
    this.H = parts.H;
    this.W = parts.W;
    this.ids = parts.ids;
    this.snippets = parts.snippets;
    this.training = parts.training;
    this.created = parts.created;
    this.source = parts.source;
    this.container = createContainer(plugins);
    this.onWarning = onWarning ?? ((message) => process.emitWarning(message, 'RivuletWarning'));
    this.requirePlugins();
  }

  /**
   * Tokenizes, filters, vectorizes and trains: {@link TopicModel.vectorize} then {@link TopicModel.train}.
   * @throws RivuletError `unknown-plugin` naming a plugin no module registers; the stages' own errors
   */
  static async fit(documents: ModelInput, options: FitOptions = {}): Promise<TopicModel> {
    return TopicModel.train(await TopicModel.vectorize(documents, options), options);
  }

  /**
   * The document-term matrix of `documents` through the chosen tokenizer, token filters and vectorizer
   * (each resolved by name among `plugins` and created with its options), with those choices.
   */
  static async vectorize(documents: ModelInput, options: VectorizeOptions = {}): Promise<VectorizedCorpus> {
    const documentFilters = pluginChoices('documentFilters', options.documentFilters);
    const tokenizer = pluginChoice(STAGE, 'tokenizer', options.tokenizer ?? 'default');
    const filters = pluginChoices('filters', options.filters);
    const vectorizer = pluginChoice(STAGE, 'vectorizer', options.vectorizer ?? 'default');
    const snippetLength = integerOption(STAGE, 'snippetLength', options.snippetLength ?? 200, { min: 0 });
    const container = createContainer(options.plugins ?? builtInPlugins());
    const seen: { id: string; text: string }[] = [];
    let untexted = false;
    const read = documentStream(documents).pipe(
      tap((doc) => {
        if (snippetLength === 0 || untexted) return;
        if ('text' in doc && typeof doc.text === 'string') {
          seen.push({ id: String(doc.id), text: textSnippet(doc.text, snippetLength) });
        } else untexted = true;
      }),
    );
    const docs = throughEach(container, 'document-filter', documentFilters, read);
    const matrices =
      spanFit(container, tokenizer, filters, vectorizer, docs) ??
      resolvePlugin<Stage<TokenizedDocument, DocTermMatrix>>(
        container,
        'vectorizer',
        vectorizer.name,
        vectorizer.options,
      ).apply(tokenStream(container, tokenizer, filters, docs));
    // A default value rather than catching rxjs' EmptyError: no class of another package is compared.
    const matrix = await lastValueFrom(matrices, { defaultValue: undefined });
    if (matrix === undefined) {
      throw new RivuletError(
        'empty-input',
        STAGE,
        `the vectorizer ${JSON.stringify(vectorizer.name)} emitted no matrix`,
        { parameter: 'documents' },
      );
    }
    const snippets = snippetLength === 0 || untexted ? undefined : inRowOrder(seen, matrix.ids);
    return { matrix, documentFilters, tokenizer, filters, vectorizer, ...(snippets ? { snippets } : {}) };
  }

  /**
   * Trains the chosen decomposer on a vectorized corpus (the model can then read text) or on a ready
   * document-term matrix (the model then transforms matrices only).
   */
  static async train(
    corpus: VectorizedCorpus | DocTermMatrix,
    options: TrainOptions = {},
  ): Promise<TopicModel> {
    const plugins = options.plugins ?? builtInPlugins();
    const decomposer = pluginChoice(STAGE, 'decomposer', options.decomposer ?? DEFAULT_DECOMPOSER);
    const vectorized = 'tokenizer' in corpus ? corpus : undefined;
    const matrix = vectorized ? vectorized.matrix : (corpus as DocTermMatrix);
    const plugin = findPlugin(createContainer(plugins), 'decomposer', decomposer.name);
    const { worker, ...run } = options.run ?? {};
    let events: Observable<TrainingEvent>;
    if (worker === true) {
      // Any decomposer whose descriptor says where a worker can import it, a third party's included.
      if (plugin.capabilities?.worker === undefined) {
        throw new RivuletError(
          'invalid-option',
          STAGE,
          `run.worker: the decomposer ${JSON.stringify(decomposer.name)} cannot run in a worker thread (its descriptor declares no worker capability: the module and export a worker imports)`,
          { parameter: 'run.worker' },
        );
      }
      // The descriptor brings its module's options along; the worker imports the plugin it names.
      events = trainInWorker(plugin, matrix, { ...decomposer.options, ...run });
    } else {
      events = (plugin.create({ ...decomposer.options, ...run }) as DecomposerStage).apply(of(matrix));
    }
    const components = decomposer.options?.components;
    const checked = events.pipe(
      checkResults({
        decomposer: decomposer.name,
        rows: matrix.matrix.rows,
        cols: matrix.matrix.cols,
        components: typeof components === 'number' ? components : undefined,
        nonNegative: plugin.capabilities?.nonNegative === true,
      }),
    );
    const result = await untilResult(checked, { onEvent: options.onEvent, signal: options.signal });
    const pipeline: ModelPipeline = {
      documentFilters: vectorized?.documentFilters ?? [],
      tokenizer: vectorized?.tokenizer ?? null,
      filters: vectorized?.filters ?? [],
      vectorizer: vectorized?.vectorizer ?? null,
      decomposer,
    };
    return new TopicModel(
      {
        pipeline,
        vocabulary: matrix.vocabulary,
        weighting: matrix.weighting,
        H: result.H,
        W: result.W,
        ids: matrix.ids,
        ...(vectorized?.snippets?.length === matrix.matrix.rows ? { snippets: vectorized.snippets } : {}),
        training: {
          loss: result.loss,
          epochs: result.epochs,
          converged: result.converged,
          stopped: result.stopped,
        },
        created: currentOrigin(),
      },
      plugins,
    );
  }

  /**
   * Loads a model saved by {@link TopicModel.save} (or by `rivulet topics --save` of Rivulet 0.1, model
   * format 1) and looks up every plugin it names among `plugins`. The file is data: it names plugins,
   * never code to import.
   * @throws RivuletError `unknown-plugin` naming a plugin of the model that no module registers;
   * `model-format`/`io` from `loadModel` for a damaged or missing model
   */
  static async load(dir: string, options: LoadOptions = {}): Promise<TopicModel> {
    const saved = await loadModel(dir);
    const { pipeline, training } = pipelineFromSettings(dir, saved.settings);
    return new TopicModel(
      {
        pipeline,
        vocabulary: saved.vocabulary,
        weighting: saved.weighting,
        H: saved.H,
        W: saved.W,
        ids: saved.ids,
        snippets: saved.snippets,
        training,
        created: saved.created,
        source: dir,
      },
      options.plugins ?? builtInPlugins(),
      options.onWarning,
    );
  }

  /** The number of topics. */
  get components(): number {
    return this.H.rows;
  }

  /** The `n` heaviest terms of each topic, heaviest first (see `topTerms` of `@rivulet/decomposition`). */
  topTerms(n: number): TopicTerms[] {
    return topTerms(this.H, this.vocabulary, n);
  }

  /**
   * Saves the model (atomically, with a checksum) through `saveModel` of `@rivulet/decomposition`: the
   * pipeline's plugin names and options, the vocabulary and weighting once, H, W and the ids, and where it
   * was made (runtime, ICU and Rivulet versions). `dir` must be new, empty or a model Rivulet wrote, and
   * replacing a model needs `{ overwrite: true }` (`saveModel`'s policy: nothing else is ever deleted).
   */
  async save(dir: string, options?: SaveModelOptions): Promise<void> {
    await saveModel(
      dir,
      {
        settings: {
          kind: TOPIC_MODEL_KIND,
          pipeline: this.pipeline as unknown as Record<string, unknown>,
          ...(this.training ? { training: { ...this.training } } : {}),
        },
        vocabulary: this.vocabulary,
        weighting: this.weighting,
        H: this.H,
        ...(this.W ? { W: this.W } : {}),
        ...(this.ids ? { ids: this.ids } : {}),
        ...(this.snippets ? { snippets: this.snippets } : {}),
        ...(this.created ? { created: this.created } : {}),
      },
      options,
    );
  }

  /**
   * Topic weights of new documents (rows in input order × components), read exactly as the training
   * documents were: the model's tokenizer and filters, its vocabulary and weighting, then the decomposer's
   * transform with H fixed.
   * @throws RivuletError `invalid-option` when the model was trained on a matrix (it cannot read text) or
   * its vectorizer or decomposer cannot transform
   */
  async transform(documents: ModelInput | string): Promise<DenseMatrix> {
    return this.transformMatrix(
      await this.vectorizeNew(typeof documents === 'string' ? [documents] : documents),
    );
  }

  /**
   * Topic weights of the rows of a document-term matrix with this model's columns (e.g. a Matrix Market
   * corpus for a model trained on one).
   */
  transformMatrix(matrix: DocTermMatrix): DenseMatrix {
    if (matrix.matrix.cols !== this.vocabulary.length) {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `the model has ${this.vocabulary.length} terms but the matrix has ${matrix.matrix.cols} columns`,
        { parameter: 'matrix' },
      );
    }
    this.weightsOf ??= fittedDecomposer(this.container, this.pipeline.decomposer, this);
    return this.weightsOf(matrix);
  }

  /**
   * The `k` training documents whose topic weights are closest by cosine, best first (ties by lower row):
   * to a training document (`{ id }`, or a string that is a training id; itself excluded), to a text (any
   * other string, read through {@link TopicModel.transform}), or to a topic-weight vector. A query with
   * no topic weight (no known term) has no neighbours: the result is empty.
   * @throws RivuletError `invalid-input` for an unknown id or a vector of the wrong length;
   * `model-format` when the model holds no W and ids
   */
  async similar(query: string | { readonly id: string } | ArrayLike<number>, k = 10): Promise<Neighbour[]> {
    const index = this.similarityIndex();
    if (typeof query === 'object' && query !== null && 'id' in query)
      return index.topK(this.rowOf(query.id), k);
    if (typeof query === 'string') {
      const row = this.rowIdMap().get(query);
      if (row !== undefined) return index.topK(row, k);
      return this.similar((await this.transform([query])).row(0), k);
    }
    if (query === null || typeof query !== 'object' || typeof query.length !== 'number') {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `query must be a text, { id } or a topic vector, got ${describeValue(query)}`,
        {
          parameter: 'query',
        },
      );
    }
    if (query.length !== this.components) {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `a query vector must have one weight per topic (${this.components}), got ${query.length}`,
        { parameter: 'query' },
      );
    }
    let zero = true;
    for (let c = 0; c < query.length; c++) if (query[c] !== 0) zero = false;
    return zero ? [] : index.query(query, k);
  }

  private async vectorizeNew(documents: ModelInput): Promise<DocTermMatrix> {
    const { documentFilters, tokenizer, filters, vectorizer } = this.pipeline;
    if (tokenizer === null || vectorizer === null) {
      throw new RivuletError(
        'invalid-option',
        STAGE,
        `${this.named()} was trained on a document-term matrix, so it cannot read text; use transformMatrix`,
        { parameter: 'documents' },
      );
    }
    // Only a tokenizer that declares ICU segmentation can give other words under another ICU version.
    const segmentsWithIcu =
      findPlugin(this.container, 'tokenizer', tokenizer.name).capabilities.segmentation === 'icu';
    const docs = documentStream(documents).pipe(
      map((doc) => {
        if (
          !this.icuChecked &&
          segmentsWithIcu &&
          'text' in doc &&
          typeof doc.text === 'string' &&
          SEGMENTED_SCRIPT.test(doc.text)
        ) {
          this.icuChecked = true;
          this.checkIcu();
        }
        return doc;
      }),
    );
    const given: string[] = [];
    const kept = throughEach(
      this.container,
      'document-filter',
      documentFilters,
      docs.pipe(tap((doc) => given.push(doc.id))),
    );
    const tokens = await lastValueFrom(tokenStream(this.container, tokenizer, filters, kept).pipe(toArray()));
    this.requireEveryDocument(given, tokens);
    this.rowsOf ??= fittedVectorizer(this.container, vectorizer, this.vocabulary, this.weighting);
    return this.rowsOf(tokens);
  }

  private checkIcu(): void {
    const made = this.created?.icu;
    const now = currentOrigin().icu;
    if (made === undefined || made === now) return;
    this.onWarning(
      `${this.named()} was made with ICU ${made ?? 'none'} (${this.created?.runtime} ${this.created?.runtimeVersion}) but this runtime has ICU ${now ?? 'none'}: Intl.Segmenter may split Chinese or Japanese text into other words, so some may miss the model's vocabulary; fit the model again on this runtime for identical results, or use a tokenizer that does not depend on ICU`,
    );
  }

  private similarityIndex(): SimilarityIndex {
    if (this.index) return this.index;
    if (!this.W || !this.ids) {
      throw new RivuletError(
        'model-format',
        STAGE,
        `${this.named()} holds no W and ids of its training documents`,
        {
          parameter: 'W',
        },
      );
    }
    this.index = similarityIndex(this.W, this.ids);
    return this.index;
  }

  private rowIdMap(): Map<string, number> {
    if (!this.rowOfId) {
      this.rowOfId = new Map();
      const ids = this.ids ?? [];
      for (let i = 0; i < ids.length; i++) if (!this.rowOfId.has(ids[i])) this.rowOfId.set(ids[i], i);
    }
    return this.rowOfId;
  }

  private rowOf(id: string): number {
    const row = this.rowIdMap().get(id);
    if (row === undefined) {
      throw new RivuletError('invalid-input', STAGE, `no training document has the id ${describeValue(id)}`, {
        parameter: 'query',
      });
    }
    return row;
  }

  /**
   * `transform` gives one row per document given, in order: a filter that drops a document (or adds one)
   * when reading new text is said, not hidden in a shorter matrix.
   */
  private requireEveryDocument(given: readonly string[], read: readonly TokenizedDocument[]): void {
    if (given.length === read.length && given.every((id, i) => read[i].id === id)) return;
    const { documentFilters, filters } = this.pipeline;
    const names = [...documentFilters, ...filters].map((f) => JSON.stringify(f.name)).join(', ');
    const kept = new Set(read.map((d) => d.id));
    const dropped = given.find((id) => !kept.has(id));
    const what =
      dropped === undefined
        ? `changed the documents (${given.length} given, ${read.length} after filtering)`
        : `dropped document ${JSON.stringify(dropped)}`;
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `the filters of ${this.named()} (${names || 'none'}) ${what}, but transform gives one row per document given; pass only documents the filters keep`,
      { parameter: 'documents' },
    );
  }

  private named(): string {
    return this.source === undefined ? 'this model' : `model ${JSON.stringify(this.source)}`;
  }

  /** Every plugin the pipeline names must be registered, or the model cannot be used as it was made. */
  private requirePlugins(): void {
    const { documentFilters, tokenizer, filters, vectorizer, decomposer } = this.pipeline;
    const needed: [PluginRole, PluginChoice | null][] = [
      ...documentFilters.map((f): [PluginRole, PluginChoice] => ['document-filter', f]),
      ['tokenizer', tokenizer],
      ...filters.map((f): [PluginRole, PluginChoice] => ['token-filter', f]),
      ['vectorizer', vectorizer],
      ['decomposer', decomposer],
    ];
    for (const [role, choice] of needed) {
      if (choice === null) continue;
      const registered = listPlugins(this.container, role).map((p) => p.name);
      if (!registered.includes(choice.name)) {
        throw new RivuletError(
          'unknown-plugin',
          STAGE,
          `${this.named()} needs the ${role} plugin ${JSON.stringify(choice.name)}, which no loaded plugin module registers (${role}s registered: ${registered.length ? registered.join(', ') : 'none'}); pass the module that provides it in plugins (rivulet: --plugin MODULE)`,
          { parameter: role },
        );
      }
    }
  }
}

/** A list of plugin specs as choices, each checked. */
function pluginChoices(parameter: string, specs: readonly PluginSpec[] | undefined): PluginChoice[] {
  if (specs !== undefined && !Array.isArray(specs)) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `${parameter} must be an array of plugin names or { name, options }, got ${describeValue(specs)}`,
      { parameter },
    );
  }
  return (specs ?? []).map((f, i) => pluginChoice(STAGE, `${parameter}[${i}]`, f));
}

/** `source` through the plugins of a filter role (document or token filters), each created with its options, in order. */
function throughEach<T>(
  container: Container,
  role: 'document-filter' | 'token-filter',
  choices: readonly PluginChoice[],
  source: Observable<T>,
): Observable<T> {
  return choices.reduce(
    (stream, choice) =>
      resolvePlugin<Stage<T, T>>(container, role, choice.name, choice.options).apply(stream),
    source,
  );
}

/**
 * The snippets of the documents as read, in the matrix's row order: the vectorizer keeps one row per
 * document in reading order, and ids are matched when it did not (a row without a match gets '').
 */
function inRowOrder(seen: readonly { id: string; text: string }[], ids: readonly string[]): string[] {
  if (seen.length === ids.length && seen.every((doc, i) => doc.id === ids[i])) return seen.map((d) => d.text);
  const byId = new Map<string, string>();
  for (const doc of seen) if (!byId.has(doc.id)) byId.set(doc.id, doc.text);
  return ids.map((id) => byId.get(String(id)) ?? '');
}

/** Strings become `{ id: position, text }`; documents pass as they are. */
function documentStream(documents: ModelInput): Observable<Document> {
  return from(documents as Iterable<string | Document>).pipe(
    map((doc, i): Document => (typeof doc === 'string' ? { id: String(i), text: doc } : doc)),
  );
}

/** Documents through the tokenizer and each token filter, in order. */
/**
 * The vectorizer counting the tokenizer's tokens as spans, without token arrays (`fitSpans` of the
 * vectorizer's capabilities over `tokenSpans` of the tokenizer's, whichever plugins they are), when both
 * can and no token filter stands between them — the same matrix as the stages give, in less time and
 * garbage; undefined otherwise. Both plugins' options are validated here as their stages' would be.
 */
function spanFit(
  container: Container,
  tokenizer: PluginChoice,
  filters: readonly PluginChoice[],
  vectorizer: PluginChoice,
  documents: Observable<Document>,
): Observable<DocTermMatrix> | undefined {
  if (filters.length > 0) return undefined;
  const tokens = findPlugin(container, 'tokenizer', tokenizer.name);
  const counts = findPlugin(container, 'vectorizer', vectorizer.name);
  const { tokenSpans } = tokens.capabilities;
  const { fitSpans } = counts.capabilities;
  if (tokenSpans === undefined || fitSpans === undefined) return undefined;
  tokens.create(tokenizer.options);
  counts.create(vectorizer.options);
  return defer(
    () =>
      fitSpans(
        documents,
        tokenSpans(tokens.resolveOptions(tokenizer.options)),
        counts.resolveOptions(vectorizer.options),
      ) as Observable<DocTermMatrix>,
  );
}

function tokenStream(
  container: Container,
  tokenizer: PluginChoice,
  filters: readonly PluginChoice[],
  documents: Observable<Document>,
): Observable<TokenizedDocument> {
  const tokens = resolvePlugin<Stage<Document, TokenizedDocument>>(
    container,
    'tokenizer',
    tokenizer.name,
    tokenizer.options,
  ).apply(documents);
  return throughEach(container, 'token-filter', filters, tokens);
}
