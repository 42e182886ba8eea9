/**
 * `out = Xᵀ` for a dense row-major `X` (rows × cols); `out` is cols × rows. NMF keeps H (components ×
 * terms) and also needs it term-major, so that sparse products read k contiguous values per stored
 * entry instead of k values `terms` apart. Cost: rows · cols.
 *
 * @example
 * ```ts
 * import { transpose } from '@rivulet/linalg';
 * const out = new Float64Array(4);
 * transpose(2, 2, Float64Array.of(1, 2, 3, 4), out); // [1, 3, 2, 4]
 * ```
 */
export function transpose(rows: number, cols: number, X: Float64Array, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = X[base + j];
  }
}
