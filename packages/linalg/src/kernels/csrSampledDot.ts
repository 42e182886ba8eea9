/**
 * The entries of `W · H` at the stored positions of a CSR pattern (m × n: `indptr`, `indices`), without
 * forming the dense product: `out[p] = Σ_c W[i, c] · Ht[j, c]` for the p-th stored entry (i, j). `W` is
 * m × k and `Ht` = Hᵀ is n × k, row-major (so both factors are read contiguously); `out` has one value
 * per stored entry. Cost: nnz · k.
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
  // biome-ignore lint/correctness/noUnusedFunctionParameters: every CSR kernel takes (m, n, k), so backends can be swapped
  n: number,
  k: number,
  indptr: Int32Array,
  indices: Int32Array,
  W: Float64Array,
  Ht: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const base = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const row = indices[p] * k;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += W[base + c] * Ht[row + c];
      out[p] = sum;
    }
  }
}
