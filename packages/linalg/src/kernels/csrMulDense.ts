/**
 * `out = A · B` for a CSR matrix `A` (m × n: `indptr`, `indices`, `data`) and a dense row-major `B`
 * (n × k), so `out` is m × k (overwritten). Coordinate descent NMF uses it for `A·Hᵀ` with `Hᵀ` stored
 * as terms × components. Cost: nnz(A) · k.
 *
 * `row0` and `valueShift` let it run on a block of rows of a larger CSR matrix without copying: rows
 * `row0 … row0 + m − 1` of the pattern (`out` row i is pattern row `row0 + i`), the value of stored entry
 * p read from `data[p − valueShift]` (0: the matrix's own values; `indptr[row0]`: a block-aligned array
 * of other values on the same pattern, as mini-batch NMF's β-weights).
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
  row0 = 0,
  valueShift = 0,
): void {
  out.fill(0, 0, m * k);
  for (let i = 0; i < m; i++) {
    const base = i * k;
    const end = indptr[row0 + i + 1];
    for (let p = indptr[row0 + i]; p < end; p++) {
      const v = data[p - valueShift];
      const row = indices[p] * k;
      for (let c = 0; c < k; c++) out[base + c] += v * B[row + c];
    }
  }
}
