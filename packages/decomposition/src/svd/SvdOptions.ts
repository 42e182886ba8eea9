import type { TrainingLoopOptions } from '@rivulet/core';

/**
 * Options of the truncated SVD decomposer (scikit-learn's `TruncatedSVD(algorithm='randomized')`, names
 * in camelCase).
 */
export interface SvdOptions extends TrainingLoopOptions {
  /** Components kept, an integer in `[1, min(rows, cols)]` (scikit-learn's `n_components`). */
  readonly components: number;
  /** Power iterations, an integer ≥ 0 (default 5, as `TruncatedSVD`'s `n_iter`); each is one `epoch`. */
  readonly nIter?: number;
  /** Extra random directions of the range finder, an integer ≥ 0 (default 10, as `n_oversamples`). */
  readonly oversamples?: number;
  /** Seed of the Gaussian test matrix, an integer in [0, 2³² − 1] (default 0). */
  readonly seed?: number;
}

/** Every key {@link SvdOptions} accepts, for `knownOptions`. */
export const SVD_OPTION_KEYS: readonly string[] = [
  'components',
  'nIter',
  'oversamples',
  'seed',
  'scheduler',
  'sliceMs',
  'stop',
];
