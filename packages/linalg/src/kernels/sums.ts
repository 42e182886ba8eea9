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

/**
 * Fills `out` (m × k) with `m` copies of the row `v` (length k): a broadcast, for update denominators
 * that are the same for every row. Cost: m · k.
 */
export function tileRows(m: number, k: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < m; i++) out.set(v.subarray(0, k), i * k);
}

/**
 * Fills `out` (k × n) so that row c holds `n` copies of `v[c]`: a broadcast of a column. Cost: k · n.
 */
export function tileCols(k: number, n: number, v: Float64Array, out: Float64Array): void {
  for (let c = 0; c < k; c++) out.fill(v[c], c * n, (c + 1) * n);
}

/**
 * Sets to 0 the entries of `X` (length n) below `threshold`: scikit-learn's guard for β < 1 (and H for
 * β ≤ 1), where tiny values would otherwise blow up under negative powers. Cost: n.
 */
export function zeroBelow(n: number, X: Float64Array, threshold: number): void {
  for (let i = 0; i < n; i++) if (X[i] < threshold) X[i] = 0;
}

/** Sum of the first `n` entries of `x` (the mean of a sparse matrix is this over its stored values). */
export function dsum(n: number, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  return sum;
}
