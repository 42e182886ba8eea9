import {
  booleanOption,
  describeValue,
  integerOption,
  invalidOption,
  knownOptions,
  oneOfOption,
  RivuletError,
} from '@rivulet/core';

/** The stage name every vectorizer error starts with. */
export const STAGE = 'vectorize';

/**
 * A document-frequency bound. A bare number follows scikit-learn's `min_df`/`max_df`, which decide by type:
 * an integer is a count of documents, any other number a proportion of the corpus. JavaScript has one
 * number type, so `1` and `1.0` are the same value and mean **count 1**; ask for the proportion 1.0 with
 * `{ proportion: 1 }` (and, to be explicit either way, for a count with `{ count: n }`).
 */
export type DocumentFrequency = number | { readonly count: number } | { readonly proportion: number };

/** Options of {@link vectorize} and {@link fitVectorizer}; the defaults are scikit-learn's. */
export interface VectorizerOptions {
  /**
   * `binary`: 1 where a term occurs (CountVectorizer(binary=True), the seed's); `count`: occurrences
   * (CountVectorizer); `tfidf` (default): TfidfVectorizer.
   */
  readonly weighting?: 'binary' | 'count' | 'tfidf';
  /** Drop terms found in fewer documents than this (default 1, a count). */
  readonly minDf?: DocumentFrequency;
  /** Drop terms found in more documents than this (default `{ proportion: 1 }`, that is none). */
  readonly maxDf?: DocumentFrequency;
  /** Keep only this many terms, the most frequent over the corpus (default null: all). */
  readonly maxFeatures?: number | null;
  /** Row normalisation: 'l2' for tfidf, null otherwise by default. */
  readonly norm?: 'l1' | 'l2' | null;
  /**
   * TF-IDF only: idf = ln((1 + n) / (1 + df)) + 1 when true (default), ln(n / df) + 1 when false. With
   * another weighting, `false` is an error (it would have no effect).
   */
  readonly smoothIdf?: boolean;
  /** TF-IDF only: tf = 1 + ln(count) instead of count (default false; `true` with another weighting is an error). */
  readonly sublinearTf?: boolean;
}

/** A document-frequency bound after validation: always one explicit form. */
export type ResolvedDocumentFrequency = { readonly count: number } | { readonly proportion: number };

/** Options with every default filled in; what a fitted vectorizer records and serialises. */
export interface ResolvedVectorizerOptions {
  readonly weighting: 'binary' | 'count' | 'tfidf';
  readonly minDf: ResolvedDocumentFrequency;
  readonly maxDf: ResolvedDocumentFrequency;
  readonly maxFeatures: number | null;
  readonly norm: 'l1' | 'l2' | null;
  readonly smoothIdf: boolean;
  readonly sublinearTf: boolean;
}

const KNOWN = ['weighting', 'minDf', 'maxDf', 'maxFeatures', 'norm', 'smoothIdf', 'sublinearTf'] as const;

/**
 * Validates options and fills in scikit-learn's defaults.
 * @throws RivuletError `invalid-option` naming the parameter, the value and what is allowed.
 */
export function resolveOptions(options: VectorizerOptions | undefined): ResolvedVectorizerOptions {
  knownOptions(STAGE, options, KNOWN);
  const o = options ?? {};
  const weighting = oneOfOption(STAGE, 'weighting', o.weighting ?? 'tfidf', [
    'binary',
    'count',
    'tfidf',
  ] as const);
  const minDf = documentFrequency('minDf', o.minDf ?? { count: 1 });
  const maxDf = documentFrequency('maxDf', o.maxDf ?? { proportion: 1 });
  const maxFeatures =
    o.maxFeatures === undefined || o.maxFeatures === null
      ? null
      : integerOption(STAGE, 'maxFeatures', o.maxFeatures, { min: 1 });
  const norm = oneOfOption(
    STAGE,
    'norm',
    o.norm === undefined ? (weighting === 'tfidf' ? 'l2' : null) : o.norm,
    ['l1', 'l2', null] as const,
  );
  for (const [key, neutral] of [
    ['smoothIdf', true],
    ['sublinearTf', false],
  ] as const) {
    // Ignoring an idf setting would let a user believe it had an effect; the neutral value is accepted so
    // that a fitted vectorizer's resolved `options` can be passed back to refit.
    if (o[key] !== undefined && o[key] !== neutral && weighting !== 'tfidf') {
      throw new RivuletError(
        'invalid-option',
        STAGE,
        `${key} applies only to weighting "tfidf", got ${key} = ${describeValue(o[key])} with weighting ${describeValue(weighting)}`,
        { parameter: key },
      );
    }
  }
  const smoothIdf = o.smoothIdf === undefined ? true : booleanOption(STAGE, 'smoothIdf', o.smoothIdf);
  const sublinearTf =
    o.sublinearTf === undefined ? false : booleanOption(STAGE, 'sublinearTf', o.sublinearTf);
  return { weighting, minDf, maxDf, maxFeatures, norm, smoothIdf, sublinearTf };
}

const DF_EXPECTED =
  'an integer count ≥ 0, a proportion in [0, 1] that is not an integer, { count: n } or { proportion: x }';

function documentFrequency(parameter: string, value: unknown): ResolvedDocumentFrequency {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return { count: value };
    if (Number.isFinite(value) && value > 0 && value < 1) return { proportion: value };
    invalidOption(STAGE, parameter, DF_EXPECTED, value);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'count') {
      const count = (value as { count: unknown }).count;
      return { count: integerOption(STAGE, `${parameter}.count`, count, { min: 0 }) };
    }
    if (keys.length === 1 && keys[0] === 'proportion') {
      const p = (value as { proportion: unknown }).proportion;
      if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
        invalidOption(STAGE, `${parameter}.proportion`, 'a finite number in [0, 1]', p);
      }
      return { proportion: p };
    }
  }
  return invalidOption(STAGE, parameter, DF_EXPECTED, value);
}

/** The bound in documents for a corpus of `documents`, computed as scikit-learn does (`max_df * n_doc`). */
export function documentBound(bound: ResolvedDocumentFrequency, documents: number): number {
  return 'count' in bound ? bound.count : bound.proportion * documents;
}

/** `2`, `0.9` or `{ proportion: 1 }` as a user would write it, for messages. */
export function describeBound(bound: ResolvedDocumentFrequency): string {
  if ('count' in bound) return String(bound.count);
  return Number.isInteger(bound.proportion)
    ? `{ proportion: ${bound.proportion} }`
    : String(bound.proportion);
}
