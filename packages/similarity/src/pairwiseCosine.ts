import type { DenseMatrix } from '@rivulet/linalg';
import { indexMatrix } from './internal/indexMatrix.js';

/** Options of {@link pairwiseCosine} and {@link similarityIndex}. */
export interface PairwiseOptions {
  /**
   * The largest pairwise matrix, in bytes, that may be allocated (default 2³⁰ = 1 GiB, about 11 585 rows).
   * An n-row matrix needs n² × 8 bytes; above the limit a `limit` error suggests top-k instead.
   */
  readonly maxBytes?: number;
}

/**
 * The matrix of cosines between all rows, as scikit-learn's `cosine_similarity(X)`: rows are normalised
 * once, then C = X̂·X̂ᵀ is computed by blocks of rows.
 *
 * Shapes: `rows` is n × d (typically W: documents × components); the result is n × n, exactly symmetric,
 * with 1 on the diagonal for non-zero rows. A zero row has cosine 0 with every row, itself included
 * (scikit-learn's zero-norm guard).
 *
 * @example
 * ```ts
 * import { DenseMatrix } from '@rivulet/linalg';
 * import { pairwiseCosine } from '@rivulet/similarity';
 * pairwiseCosine(DenseMatrix.fromRows([[1, 0], [1, 1]])).toArrays(); // [[1, 0.7071…], [0.7071…, 1]]
 * ```
 * @throws RivuletError `limit` when n² × 8 bytes exceeds `maxBytes`; `invalid-input` for a non-matrix or
 *   a non-finite value; `invalid-option` for a bad option
 */
export function pairwiseCosine(rows: DenseMatrix, options?: PairwiseOptions): DenseMatrix {
  return indexMatrix('pairwiseCosine', rows, undefined, options).pairwise();
}
