import type { SimilarityIndex } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { indexMatrix } from './internal/indexMatrix.js';
import type { PairwiseOptions } from './pairwiseCosine.js';

/**
 * A cosine-similarity index over the rows of a matrix (core's `SimilarityIndex`): `cosine(i, j)`,
 * `topK(i, k)` and `pairwise()`. The rows are copied and normalised once, so later changes to `rows` do not
 * affect the index.
 *
 * `topK(i, k)` excludes row `i`, orders best first with ties broken by the lower row index, and runs in
 * O(n log k) with a bounded heap. `k` must be an integer ≥ 1; a `k` above n − 1 is accepted and returns
 * the n − 1 other rows, because no more exist.
 *
 * @example
 * ```ts
 * import { DenseMatrix } from '@rivulet/linalg';
 * import { similarityIndex } from '@rivulet/similarity';
 * const index = similarityIndex(DenseMatrix.fromRows([[1, 0], [0.9, 0.1], [0, 1]]), ['a', 'b', 'c']);
 * index.topK(0, 1); // [{ index: 1, id: 'b', score: 0.9938… }]
 * ```
 * @param rows n × d, e.g. W (documents × components)
 * @param ids one id per row, reported in neighbours
 * @throws RivuletError `invalid-input` for a non-matrix, a non-finite value or ids of the wrong length
 */
export function similarityIndex(
  rows: DenseMatrix,
  ids?: readonly string[],
  options?: PairwiseOptions,
): SimilarityIndex {
  return indexMatrix('similarityIndex', rows, ids, options);
}
