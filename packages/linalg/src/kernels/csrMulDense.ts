/**
 * `out = A · B` for a CSR matrix `A` (m × n: `indptr`, `indices`, `data`) and a dense row-major `B`
 * (n × k), so `out` is m × k (overwritten). Coordinate descent NMF uses it for `A·Hᵀ` with `Hᵀ` stored
 * as terms × components. Cost: nnz(A) · k.
 *
 * @example
 * ```ts
 * import { CsrMatrix, csrMulDense } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[1, 0], [0, 2]]);
 * const out = new Float64Array(2);
 * csrMulDense(2, 2, 1, a.indptr, a.indices, a.data, Float64Array.of(3, 4), out); // [3, 8]
 * ```
 */
export function csrMulDense(
  m: number,
  // biome-ignore lint/correctness/noUnusedFunctionParameters: every CSR kernel takes (m, n, k), so backends can be swapped
  n: number,
  k: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  B: Float64Array,
  out: Float64Array,
): void {
  out.fill(0, 0, m * k);
  for (let i = 0; i < m; i++) {
    const base = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      const row = indices[p] * k;
      for (let c = 0; c < k; c++) out[base + c] += v * B[row + c];
    }
  }
}
