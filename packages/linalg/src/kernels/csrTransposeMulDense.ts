/**
 * `out = Aᵀ · B` for a CSR matrix `A` (m × n: `indptr`, `indices`, `data`) and a dense row-major `B`
 * (m × k), so `out` is n × k (overwritten), without transposing `A`. Coordinate descent NMF uses it for
 * `AᵀW`. Cost: nnz(A) · k.
 *
 * `row0` and `valueShift` select a block of rows of a larger pattern as in `csrMulDense`: `B` row i
 * pairs with pattern row `row0 + i`.
 *
 * @example
 * ```ts
 * import { CsrMatrix, csrTransposeMulDense } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[1, 2]]);
 * const out = new Float64Array(2);
 * csrTransposeMulDense(1, 2, 1, a.indptr, a.indices, a.data, Float64Array.of(3), out); // [3, 6]
 * ```
 */
export function csrTransposeMulDense(
  m: number,
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
  out.fill(0, 0, n * k);
  for (let i = 0; i < m; i++) {
    const base = i * k;
    const end = indptr[row0 + i + 1];
    for (let p = indptr[row0 + i]; p < end; p++) {
      const v = data[p - valueShift];
      const row = indices[p] * k;
      for (let c = 0; c < k; c++) out[row + c] += v * B[base + c];
    }
  }
}
