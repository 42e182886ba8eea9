/**
 * The Gram matrix of the rows, `out = XXᵀ` (k × k), of a dense row-major `X` (k × n); `out` is
 * overwritten and exactly symmetric. NMF uses it for `HHᵀ`. Cost: k² · n.
 *
 * @example
 * ```ts
 * import { gramRows } from '@rivulet/linalg';
 * const out = new Float64Array(1);
 * gramRows(1, 2, Float64Array.of(3, 4), out); // [25]
 * ```
 */
export function gramRows(k: number, n: number, X: Float64Array, out: Float64Array): void {
  for (let a = 0; a < k; a++) {
    const ra = a * n;
    for (let b = a; b < k; b++) {
      const rb = b * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += X[ra + j] * X[rb + j];
      out[a * k + b] = sum;
      out[b * k + a] = sum;
    }
  }
}
