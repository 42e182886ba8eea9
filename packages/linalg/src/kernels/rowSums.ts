/**
 * Row sums of a dense row-major `X` (k × n) into `out` (length k). Cost: k · n.
 *
 * @example
 * ```ts
 * import { rowSums } from '@rivulet/linalg';
 * const out = new Float64Array(2);
 * rowSums(2, 2, Float64Array.of(1, 2, 3, 4), out); // [3, 7]
 * ```
 */
export function rowSums(k: number, n: number, X: Float64Array, out: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += X[c * n + j];
    out[c] = sum;
  }
}
