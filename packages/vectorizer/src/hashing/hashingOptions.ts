import { booleanOption, integerOption, invalidOption, knownOptions, oneOfOption } from '@rivulet/core';
import { HashedVocabulary } from './HashedVocabulary.js';

/**
 * Options of the hashing vectorizer; names and defaults follow scikit-learn's `HashingVectorizer`.
 */
export interface HashingVectorizerOptions {
  /** Number of hash buckets, the matrix's column count: an integer in [1, 2³¹ − 1] (default 2²⁰). */
  readonly nFeatures?: number;
  /**
   * Gives each term the sign of its hash so that collisions cancel out on average (default true, as
   * scikit-learn). Set it to false for NMF: signed values are negative and NMF rejects them.
   */
  readonly alternateSign?: boolean;
  /** Row normalisation (default 'l2'). */
  readonly norm?: 'l1' | 'l2' | null;
  /** Every non-zero becomes 1 before normalisation (default false). */
  readonly binary?: boolean;
  /** Documents per emitted matrix when the input is one document at a time (default 1000). */
  readonly batchSize?: number;
  /** The most buckets whose term is remembered for labelling (default 100 000; 0 remembers none). */
  readonly maxTerms?: number;
  /**
   * The reverse map to fill; by default each subscription gets its own. Pass one to share it across runs
   * or to read it while the stream flows.
   */
  readonly vocabulary?: HashedVocabulary;
}

/** Validated options, defaults filled in. */
export interface HashingSettings {
  readonly nFeatures: number;
  readonly alternateSign: boolean;
  readonly norm: 'l1' | 'l2' | null;
  readonly binary: boolean;
  readonly batchSize: number;
  readonly vocabulary: HashedVocabulary;
}

const KNOWN = ['nFeatures', 'alternateSign', 'norm', 'binary', 'batchSize', 'maxTerms', 'vocabulary'];

/** Checks options of `stage` and fills in defaults; throws an `invalid-option` RivuletError. */
export function hashingSettings(stage: string, options: HashingVectorizerOptions = {}): HashingSettings {
  knownOptions(stage, options, KNOWN);
  const nFeatures = integerOption(stage, 'nFeatures', options.nFeatures ?? 2 ** 20, {
    min: 1,
    max: 2 ** 31 - 1,
  });
  const alternateSign = booleanOption(stage, 'alternateSign', options.alternateSign ?? true);
  const norm = oneOfOption(stage, 'norm', options.norm === undefined ? 'l2' : options.norm, [
    'l1',
    'l2',
    null,
  ]);
  const binary = booleanOption(stage, 'binary', options.binary ?? false);
  const batchSize = integerOption(stage, 'batchSize', options.batchSize ?? 1000, { min: 1 });
  if (options.vocabulary !== undefined && !HashedVocabulary.is(options.vocabulary)) {
    invalidOption(stage, 'vocabulary', 'a HashedVocabulary', options.vocabulary);
  }
  if (options.vocabulary !== undefined && options.maxTerms !== undefined) {
    invalidOption(
      stage,
      'maxTerms',
      "unset when a vocabulary is given (that vocabulary's capacity applies)",
      options.maxTerms,
    );
  }
  const vocabulary = options.vocabulary ?? new HashedVocabulary(options.maxTerms ?? 100_000);
  return { nFeatures, alternateSign, norm, binary, batchSize, vocabulary };
}
