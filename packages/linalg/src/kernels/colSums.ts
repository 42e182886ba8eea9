/**
 * Column sums of a dense row-major `X` (m × k) into `out` (length k). NMF's Kullback–Leibler update
 * uses the column sums of W and the row sums of H (see `rowSums`). Cost: m · k.
 *
 * @example
 * ```ts
 * import { colSums } from '@rivulet/linalg';
 * const out = new Float64Array(2);
 * colSums(2, 2, Float64Array.of(1, 2, 3, 4), out); // [4, 6]
 * ```
 */
export function colSums(m: number, k: number, X: Float64Array, out: Float64Array): void {
  out.fill(0, 0, k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) out[c] += X[i * k + c];
}
