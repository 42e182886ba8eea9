/**
 * The 0-based column of each row's largest value of a dense row-major `X` (m × n) into `out` (length m):
 * the first on ties, so column 0 for an all-zero row, as numpy's `argmax(axis=1)`. Cost: m · n.
 *
 * @example
 * ```ts
 * import { argmaxRows } from '@rivulet/linalg';
 * const out = new Int32Array(2);
 * argmaxRows(2, 3, Float64Array.of(1, 5, 5, 0, 0, 0), out); // [1, 0]
 * ```
 */
export function argmaxRows(m: number, n: number, X: Float64Array, out: Int32Array): void {
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (X[i * n + j] > X[i * n + best]) best = j;
    out[i] = best;
  }
}
