/**
 * The entries of `W · H` at the stored positions of a CSR pattern (m × n: `indptr`, `indices`), without
 * forming the dense product: `out[p] = Σ_c W[i, c] · Ht[j, c]` for the p-th stored entry (i, j). `W` is
 * m × k and `Ht` = Hᵀ is n × k, row-major (so both factors are read contiguously); `out` has one value
 * per stored entry. Cost: nnz · k.
 *
 * With `row0`, rows `row0 … row0 + m − 1` of the pattern (W row i is pattern row `row0 + i`), and the
 * p-th stored entry goes to `out[p − indptr[row0]]` (block-aligned).
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
  row0 = 0,
): void {
  const shift = indptr[row0];
  for (let i = 0; i < m; i++) {
    const base = i * k;
    const end = indptr[row0 + i + 1];
    for (let p = indptr[row0 + i]; p < end; p++) {
      const row = indices[p] * k;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += W[base + c] * Ht[row + c];
      out[p - shift] = sum;
    }
  }
}
