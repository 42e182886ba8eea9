/**
 * `out = A · Bᵀ` for a CSR matrix `A` (m × n: `indptr`, `indices`, `data`) and a dense row-major `B`
 * (k × n), so `out` is m × k. NMF uses it for `A·Hᵀ` with `H` (components × terms) stored as is.
 * `out` is overwritten. Cost: nnz(A) · k.
 *
 * @example
 * ```ts
 * import { CsrMatrix, csrMulDenseT } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[1, 0], [0, 2]]);
 * const out = new Float64Array(2);
 * csrMulDenseT(2, 2, 1, a.indptr, a.indices, a.data, Float64Array.of(3, 4), out); // [3, 8]
 * ```
 */
export function csrMulDenseT(
  m: number,
  n: number,
  k: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  B: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const start = indptr[i];
    const end = indptr[i + 1];
    const base = i * k;
    for (let c = 0; c < k; c++) {
      const row = c * n;
      let sum = 0;
      for (let p = start; p < end; p++) sum += data[p] * B[row + indices[p]];
      out[base + c] = sum;
    }
  }
}
