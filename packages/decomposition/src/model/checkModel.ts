import { describeValue, RivuletError } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import type { SavedModel } from './SavedModel.js';

/**
 * The bounds a model's settings must keep: the same as the CLI's options, which import them, so a model
 * can never carry what `rivulet topics` would refuse on its command line. A checksum proves a model was
 * not damaged, not that it is sane: anyone can write a valid checksum over `ngram: [1, 100000]`.
 */
export const MODEL_SETTING_BOUNDS = {
  /** Longest word n-gram (`--ngram`). */
  ngramMax: 9,
  /** Most solver epochs (`--max-epochs`): with `tol: 0`, what bounds a transform's time. */
  maxEpochs: 100_000,
  /** Largest seed (`--seed`), an unsigned 32-bit integer. */
  seedMax: 2 ** 32 - 1,
} as const;

/** The `settings.tool` of a model whose settings follow Rivulet's layout (`rivulet topics --save`). */
export const RIVULET_SETTINGS = 'rivulet-cli';

/** A decomposer a model may name, and whether its factors must be non-negative (NMF's are). */
export interface ModelDecomposer {
  readonly name: string;
  readonly nonNegative?: boolean;
}

/** Rivulet's own decomposers: what {@link checkModel} accepts when the caller names none. */
export const BUILT_IN_DECOMPOSERS: readonly ModelDecomposer[] = [
  { name: 'nmf-mu', nonNegative: true },
  { name: 'nmf-cd', nonNegative: true },
  { name: 'nmf-online', nonNegative: true },
  { name: 'svd', nonNegative: false },
];

/** Options of {@link checkModel}. */
export interface CheckModelOptions {
  /** The decomposers a model may name (default {@link BUILT_IN_DECOMPOSERS}); others are refused. */
  readonly decomposers?: readonly ModelDecomposer[];
  /** The stage in error messages (default `loadModel`). */
  readonly stage?: string;
}

/** What a rule sees: the model and the decomposer it names, if any. */
interface RuleContext {
  readonly model: SavedModel;
  /**
   * The settings seen through one layout — `tokenizer`, `vectorizer`, `decomposer`, `decomposerOptions` —
   * whichever layout the model uses (see {@link settingsView}); empty for settings that are the caller's.
   */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Whether the decomposer must be one of `decomposers` and its options only the CLI's (format 1). */
  readonly strict: boolean;
  readonly decomposers: readonly ModelDecomposer[];
  /** The named decomposer's entry, once the `settings.decomposer` rule has passed. */
  readonly decomposer: ModelDecomposer | undefined;
}

/** One field's rule: the problem found, as "must be …, got …", or undefined. */
interface ModelRule {
  readonly field: string;
  check(context: RuleContext): string | undefined;
}

/**
 * Checks that a model's contents make sense together and stay within the CLI's bounds, field by field
 * (the table {@link MODEL_RULES}), whatever file layout they came from: `loadModel` runs it after the
 * checksum, the CLI before using a model, and a later model object or model store can run it on what it
 * loads. Settings are the caller's, except in Rivulet's layout (`settings.tool` is
 * {@link RIVULET_SETTINGS}), where these keys have a meaning and are checked when present:
 * `tokenizer` (lang, stop words, n-gram range within [1, 9], dictionary), `vectorizer` (a fitted
 * vectorizer whose vocabulary and weighting must equal the model's, term for term — a permuted vocabulary
 * would put words in the wrong columns of H), `decomposer` (one of `options.decomposers`) and
 * `decomposerOptions` (components = H's rows; maxEpochs, tol, seed, betaLoss, init within the CLI's
 * bounds; nothing else).
 *
 * @example
 * ```ts
 * import { checkModel, loadModel } from '@rivulet/decomposition';
 * checkModel(await loadModel('models/fortunes'), { decomposers: [{ name: 'nmf-cd', nonNegative: true }] });
 * ```
 * @throws RivuletError `model-format` naming the field, what it holds and what is allowed
 */
export function checkModel(model: SavedModel, options: CheckModelOptions = {}): void {
  const stage = options.stage ?? 'loadModel';
  const decomposers = options.decomposers ?? BUILT_IN_DECOMPOSERS;
  const view = settingsView((model.settings ?? {}) as Record<string, unknown>);
  const named = view.settings.decomposer;
  const context: RuleContext = {
    model,
    settings: view.settings,
    strict: view.strict,
    decomposers,
    decomposer:
      typeof named === 'string'
        ? (decomposers.find((d) => d.name === named) ?? BUILT_IN_DECOMPOSERS.find((d) => d.name === named))
        : undefined,
  };
  for (const rule of MODEL_RULES) {
    const problem = rule.check(context);
    if (problem !== undefined) {
      const field = view.rename(rule.field);
      const joint = problem.startsWith('[') || problem.startsWith('.') ? '' : ' ';
      throw new RivuletError('model-format', stage, `${field}${joint}${problem}`, { parameter: field });
    }
  }
}

/** `settings.kind` of a model written by `TopicModel.save` (model format 2). */
const TOPIC_MODEL_KIND = 'rivulet-topic-model';

/**
 * The settings of either layout as the rules see them, and how to name a rule's field in that layout:
 * format 1 (`tool: 'rivulet-cli'`: tokenizer, vectorizer, decomposer, decomposerOptions at the top) is
 * checked strictly, as the CLI wrote it; format 2 (`kind: 'rivulet-topic-model'`: `pipeline.tokenizer`,
 * `pipeline.decomposer` as `{ name, options }`) names plugins that `TopicModel.load` resolves, so its
 * decomposer may be any plugin and only the options of the built-in tokenizer and decomposers are bounded.
 * Any other settings are the caller's own and pass.
 */
function settingsView(own: Readonly<Record<string, unknown>>): {
  settings: Record<string, unknown>;
  strict: boolean;
  rename: (field: string) => string;
} {
  if (own.tool === RIVULET_SETTINGS) return { settings: own, strict: true, rename: (field) => field };
  const pipeline = own.pipeline;
  if (own.kind !== TOPIC_MODEL_KIND || !isObject(pipeline))
    return { settings: {}, strict: false, rename: (f) => f };
  const settings: Record<string, unknown> = {};
  const tokenizer = pipeline.tokenizer;
  if (isObject(tokenizer) && tokenizer.name === 'default') settings.tokenizer = tokenizer.options ?? {};
  const decomposer = pipeline.decomposer;
  if (isObject(decomposer) && typeof decomposer.name === 'string') {
    settings.decomposer = decomposer.name;
    if (BUILT_IN_DECOMPOSERS.some((d) => d.name === decomposer.name)) {
      settings.decomposerOptions = decomposer.options ?? {};
    }
  }
  const renames: [string, string][] = [
    ['settings.tokenizer', 'settings.pipeline.tokenizer.options'],
    ['settings.decomposerOptions', 'settings.pipeline.decomposer.options'],
    ['settings.decomposer', 'settings.pipeline.decomposer.name'],
  ];
  return {
    settings,
    strict: false,
    rename: (field) => {
      for (const [from, to] of renames) if (field.startsWith(from)) return to + field.slice(from.length);
      return field;
    },
  };
}

const has = (o: Readonly<Record<string, unknown>>, key: string) =>
  Object.hasOwn(o, key) && o[key] !== undefined;
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const got = (v: unknown) => describeValue(v);

/** The first value of `m` that is not finite, or (with `nonNegative`) negative, as a message. */
function badValue(m: DenseMatrix, nonNegative: boolean): string | undefined {
  const { data, cols } = m;
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (!Number.isFinite(v) || (nonNegative && v < 0)) {
      return `must hold finite${nonNegative ? ' non-negative' : ''} values, got ${got(v)} at row ${Math.floor(p / cols)}, column ${p % cols}`;
    }
  }
  return undefined;
}

function integerIn(v: unknown, min: number, max: number): string | undefined {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max
    ? undefined
    : `must be an integer in [${min}, ${max}], got ${got(v)}`;
}

/** Terms must be distinct non-empty strings: a repeated term makes two columns of one word. */
function vocabularyProblem(terms: readonly unknown[]): string | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (typeof term !== 'string' || term.length === 0)
      return `[${i}] must be a non-empty string, got ${got(term)}`;
    const first = seen.get(term);
    if (first !== undefined) return `must hold distinct terms, got ${got(term)} at ${first} and ${i}`;
    seen.set(term, i);
  }
  return undefined;
}

const TOKENIZER_KEYS = ['lang', 'stopWords', 'ngram', 'dictionary'];
const DECOMPOSER_OPTION_KEYS = ['components', 'betaLoss', 'init', 'maxEpochs', 'tol', 'seed'];
const BETA_NAMES = ['frobenius', 'kullback-leibler', 'itakura-saito'];
const INITS = ['random', 'nndsvd', 'nndsvda', 'nndsvdar'];

/** Every rule, in the order they are checked: structure first, then settings against it. */
const MODEL_RULES: readonly ModelRule[] = [
  { field: 'vocabulary', check: ({ model }) => vocabularyProblem(model.vocabulary) },
  {
    field: 'H',
    check: ({ model: { H, vocabulary } }) =>
      H.rows < 1
        ? `must have at least one component (row), got ${H.rows} × ${H.cols}`
        : H.cols !== vocabulary.length
          ? `is ${H.rows} × ${H.cols} but the vocabulary has ${vocabulary.length} terms; they must agree`
          : undefined,
  },
  { field: 'H', check: ({ model, decomposer }) => badValue(model.H, decomposer?.nonNegative === true) },
  {
    field: 'W',
    check: ({ model: { W, H } }) =>
      W !== undefined && W.cols !== H.rows
        ? `is ${W.rows} × ${W.cols} but H has ${H.rows} components; they must agree`
        : undefined,
  },
  {
    field: 'W',
    check: ({ model, decomposer }) =>
      model.W === undefined ? undefined : badValue(model.W, decomposer?.nonNegative === true),
  },
  {
    field: 'ids',
    check: ({ model: { ids, W } }) =>
      ids !== undefined && W !== undefined && ids.length !== W.rows
        ? `has ${ids.length} entries but W has ${W.rows} rows; they must agree`
        : undefined,
  },
  {
    field: 'snippets',
    check: ({ model: { snippets, W, ids } }) => {
      const documents = W?.rows ?? ids?.length;
      return snippets !== undefined && snippets.length !== documents
        ? `has ${snippets.length} entries but the model has ${documents ?? 'no'} training documents (W rows or ids); they must agree`
        : undefined;
    },
  },
  {
    field: 'weighting.idf',
    check: ({ model: { weighting, vocabulary } }) => {
      const { kind, idf } = weighting;
      if ((kind === 'tfidf') !== (idf !== undefined)) {
        return `must be present exactly when weighting.kind is "tfidf", got kind ${got(kind)} ${idf ? 'with' : 'without'} idf`;
      }
      if (idf === undefined) return undefined;
      if (idf.length !== vocabulary.length) {
        return `has ${idf.length} values but the vocabulary has ${vocabulary.length} terms; they must agree`;
      }
      for (let j = 0; j < idf.length; j++) {
        if (!(Number.isFinite(idf[j]) && idf[j] >= 0))
          return `[${j}] must be a finite number ≥ 0, got ${got(idf[j])}`;
      }
      return undefined;
    },
  },
  {
    field: 'settings.decomposer',
    check: ({ settings, decomposers, strict }) =>
      !strict || !has(settings, 'decomposer') || decomposers.some((d) => d.name === settings.decomposer)
        ? undefined
        : `must be one of the available decomposers (${decomposers.map((d) => d.name).join(', ')}), got ${got(settings.decomposer)}`,
  },
  {
    field: 'settings.decomposerOptions',
    check: ({ settings, strict }) => {
      if (!has(settings, 'decomposerOptions')) return undefined;
      const o = settings.decomposerOptions;
      if (!isObject(o)) return `must be an object, got ${got(o)}`;
      if (!strict) return undefined;
      const unknown = Object.keys(o).find((k) => !DECOMPOSER_OPTION_KEYS.includes(k));
      return unknown === undefined
        ? undefined
        : `may hold only ${DECOMPOSER_OPTION_KEYS.join(', ')}, got ${JSON.stringify(unknown)}`;
    },
  },
  ...decomposerOptionRules(),
  {
    field: 'settings.tokenizer',
    check: ({ settings, strict }) => {
      const t = settings.tokenizer;
      if (t === undefined || t === null) return undefined;
      if (!isObject(t)) return `must be an object or null, got ${got(t)}`;
      if (!strict) return undefined;
      const unknown = Object.keys(t).find((k) => !TOKENIZER_KEYS.includes(k));
      return unknown === undefined
        ? undefined
        : `may hold only ${TOKENIZER_KEYS.join(', ')}, got ${JSON.stringify(unknown)}`;
    },
  },
  ...tokenizerRules(),
  {
    field: 'settings.vectorizer',
    check: ({ settings }) => {
      const v = settings.vectorizer;
      if (v === undefined || v === null) return undefined;
      return isObject(v) && isObject(v.weighting) && Array.isArray(v.vocabulary)
        ? undefined
        : `must be a fitted vectorizer { vocabulary, weighting, … } or null, got ${got(v)}`;
    },
  },
  {
    // A vocabulary permuted against H keeps the checksum (it is recomputed) but scores other words.
    field: 'settings.vectorizer.vocabulary',
    check: ({ settings, model: { vocabulary } }) => {
      const v = settings.vectorizer as { vocabulary?: unknown[] } | null | undefined;
      if (!isObject(v)) return undefined;
      const terms = v.vocabulary as unknown[];
      if (terms.length !== vocabulary.length) {
        return `has ${terms.length} terms but the model's vocabulary has ${vocabulary.length}; they must be the same`;
      }
      for (let j = 0; j < terms.length; j++) {
        if (terms[j] !== vocabulary[j]) {
          return `[${j}] is ${got(terms[j])} but the model's vocabulary[${j}] is ${got(vocabulary[j])}; the vectorizer must put every term in the column of H that was trained for it`;
        }
      }
      return undefined;
    },
  },
  {
    field: 'settings.vectorizer.weighting',
    check: ({ settings, model: { weighting } }) => {
      const v = settings.vectorizer as { weighting?: Record<string, unknown> } | null | undefined;
      if (!isObject(v)) return undefined;
      const w = v.weighting as Record<string, unknown>;
      if (w.kind !== weighting.kind || (w.norm ?? null) !== (weighting.norm ?? null)) {
        return `is ${got(w.kind)}/${got(w.norm ?? null)} but the model's weighting is ${got(weighting.kind)}/${got(weighting.norm ?? null)}; they must agree`;
      }
      const idf = w.idf as unknown;
      if (weighting.idf === undefined) return undefined;
      if (!Array.isArray(idf) || idf.length !== weighting.idf.length) {
        return `.idf must have the model's ${weighting.idf.length} values, got ${got(idf)}`;
      }
      for (let j = 0; j < idf.length; j++) {
        if (idf[j] !== weighting.idf[j]) {
          return `.idf[${j}] is ${got(idf[j])} but the model's idf[${j}] is ${got(weighting.idf[j])}; they must agree`;
        }
      }
      return undefined;
    },
  },
];

function decomposerOptionRules(): ModelRule[] {
  const option = (
    key: string,
    check: (v: unknown, context: RuleContext) => string | undefined,
  ): ModelRule => ({
    field: `settings.decomposerOptions.${key}`,
    check: (context) => {
      const o = context.settings.decomposerOptions;
      return isObject(o) && has(o, key) ? check(o[key], context) : undefined;
    },
  });
  return [
    option('components', (v, { model }) =>
      v === model.H.rows ? undefined : `must equal H's ${model.H.rows} components, got ${got(v)}`,
    ),
    option('maxEpochs', (v) => integerIn(v, 1, MODEL_SETTING_BOUNDS.maxEpochs)),
    option('tol', (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0
        ? undefined
        : `must be a finite number ≥ 0, got ${got(v)}`,
    ),
    option('seed', (v) => integerIn(v, 0, MODEL_SETTING_BOUNDS.seedMax)),
    option('betaLoss', (v) =>
      BETA_NAMES.includes(v as string) || (typeof v === 'number' && Number.isFinite(v))
        ? undefined
        : `must be one of ${BETA_NAMES.join(', ')} or a finite number, got ${got(v)}`,
    ),
    option('init', (v) =>
      INITS.includes(v as string) ? undefined : `must be one of ${INITS.join(', ')}, got ${got(v)}`,
    ),
  ];
}

function tokenizerRules(): ModelRule[] {
  const option = (key: string, check: (v: unknown) => string | undefined): ModelRule => ({
    field: `settings.tokenizer.${key}`,
    check: ({ settings }) => {
      const t = settings.tokenizer;
      return isObject(t) && has(t, key) ? check(t[key]) : undefined;
    },
  });
  const words = (v: unknown, what: string) => {
    if (!Array.isArray(v)) return `must be ${what}, got ${got(v)}`;
    const bad = v.findIndex((w) => typeof w !== 'string' || w.length === 0 || /\s/u.test(w));
    return bad === -1
      ? undefined
      : `[${bad}] must be a non-empty string without white space, got ${got(v[bad])}`;
  };
  return [
    option('lang', (v) =>
      ['auto', 'en', 'zh'].includes(v as string) ? undefined : `must be one of auto, en, zh, got ${got(v)}`,
    ),
    option('stopWords', (v) =>
      v === null || v === 'en' || v === 'zh' || (Array.isArray(v) && v.every((w) => typeof w === 'string'))
        ? undefined
        : `must be "en", "zh", null or an array of strings, got ${got(v)}`,
    ),
    option('ngram', (v) => {
      const max = MODEL_SETTING_BOUNDS.ngramMax;
      // The tokenizer's own forms: [min, max], or n for [n, n].
      const [low, high] = Array.isArray(v) && v.length === 2 ? v : [v, v];
      const ok =
        (Array.isArray(v) ? v.length === 2 : typeof v === 'number') &&
        Number.isInteger(low) &&
        Number.isInteger(high) &&
        low >= 1 &&
        low <= high &&
        high <= max;
      return ok
        ? undefined
        : `must be [min, max] with 1 ≤ min ≤ max ≤ ${max} (or n for [n, n]), got ${Array.isArray(v) ? JSON.stringify(v) : got(v)}`;
    }),
    option('dictionary', (v) => words(v, 'an array of words')),
  ];
}
