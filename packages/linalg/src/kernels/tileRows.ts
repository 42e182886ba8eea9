/**
 * Fills `out` (m × k) with `m` copies of the row `v` (length k): a broadcast, for update denominators
 * that are the same for every row. Cost: m · k.
 *
 * @example
 * ```ts
 * import { tileRows } from '@rivulet/linalg';
 * const out = new Float64Array(4);
 * tileRows(2, 2, Float64Array.of(1, 2), out); // [1, 2, 1, 2]
 * ```
 */
export function tileRows(m: number, k: number, v: Float64Array, out: Float64Array): void {
  const row = v.subarray(0, k);
  for (let i = 0; i < m; i++) out.set(row, i * k);
}
