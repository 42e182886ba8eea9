/**
 * The entries of `W · H` at the stored positions of a CSR pattern (m × n: `indptr`, `indices`), without
 * forming the dense product: `out[p] = Σ_c W[i, c] · H[c, j]` for the p-th stored entry (i, j). `W` is
 * m × k and `H` k × n, row-major; `out` has one value per stored entry. Cost: nnz · k.
 *
 * @example
 * ```ts
 * import { CsrMatrix, csrSampledDot } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[0, 1]]);
 * const out = new Float64Array(1);
 * csrSampledDot(1, 2, 1, a.indptr, a.indices, Float64Array.of(2), Float64Array.of(3, 4), out); // [8]
 * ```
 */
export function csrSampledDot(
  m: number,
  n: number,
  k: number,
  indptr: Int32Array,
  indices: Int32Array,
  W: Float64Array,
  H: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const base = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      let sum = 0;
      for (let c = 0; c < k; c++) sum += W[base + c] * H[c * n + j];
      out[p] = sum;
    }
  }
}
