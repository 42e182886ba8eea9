/**
 * `out = Wᵀ · A` for a dense row-major `W` (m × k) and a CSR matrix `A` (m × n), so `out` is k × n,
 * row-major. NMF uses it for `WᵀA`, which has the layout of `H` (components × terms). `out` is
 * overwritten. Cost: nnz(A) · k.
 *
 * @example
 * ```ts
 * import { CsrMatrix, denseTMulCsr } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[1, 0], [0, 2]]);
 * const out = new Float64Array(2);
 * denseTMulCsr(2, 2, 1, Float64Array.of(3, 4), a.indptr, a.indices, a.data, out); // [3, 8]
 * ```
 */
export function denseTMulCsr(
  m: number,
  n: number,
  k: number,
  W: Float64Array,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  out: Float64Array,
): void {
  out.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    const start = indptr[i];
    const end = indptr[i + 1];
    const base = i * k;
    for (let c = 0; c < k; c++) {
      const w = W[base + c];
      if (w === 0) continue;
      const row = c * n;
      for (let p = start; p < end; p++) out[row + indices[p]] += w * data[p];
    }
  }
}
