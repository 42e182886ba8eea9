/**
 * Fills `out` (k × n) so that row c holds `n` copies of `v[c]`: a broadcast of a column. Cost: k · n.
 *
 * @example
 * ```ts
 * import { tileCols } from '@rivulet/linalg';
 * const out = new Float64Array(4);
 * tileCols(2, 2, Float64Array.of(1, 2), out); // [1, 1, 2, 2]
 * ```
 */
export function tileCols(k: number, n: number, v: Float64Array, out: Float64Array): void {
  for (let c = 0; c < k; c++) out.fill(v[c], c * n, (c + 1) * n);
}
