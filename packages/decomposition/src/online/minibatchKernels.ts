/**
 * The sparse products of one mini-batch NMF step that take a row offset into a larger batch, over
 * row-major typed arrays with caller-supplied outputs (the dense ones are linalg's `gram`, `gramRows`,
 * `gemm` and `ddot`). X is a CSR batch (`rows × m`: `indptr`, `indices`, `data`), W is `rows × k`,
 * H is `k × m`. Internal to the online solver.
 */

/** float32 machine epsilon: the value scikit-learn's multiplicative updates put in place of a zero denominator. */
export const EPSILON = 1.1920928955078125e-7;

/**
 * out (`rows × k`) = X·Hᵀ, the values of stored entry p being `data[p - shift]` (shift 0: X's own values;
 * `indptr[rowOffset]`: a batch-aligned array of other values on X's pattern).
 */
export function sparseTimesHt(
  rows: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  shift: number,
  rowOffset: number,
  H: Float64Array,
  k: number,
  m: number,
  out: Float64Array,
): void {
  out.fill(0, 0, rows * k);
  for (let i = 0; i < rows; i++) {
    const end = indptr[rowOffset + i + 1];
    for (let p = indptr[rowOffset + i]; p < end; p++) {
      const j = indices[p];
      const v = data[p - shift];
      for (let c = 0; c < k; c++) out[i * k + c] += v * H[c * m + j];
    }
  }
}

/** out (`k × m`) = Wᵀ·X, with X's values read as in {@link sparseTimesHt}. */
export function wtTimesSparse(
  rows: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  shift: number,
  rowOffset: number,
  W: Float64Array,
  k: number,
  m: number,
  out: Float64Array,
): void {
  out.fill(0, 0, k * m);
  for (let i = 0; i < rows; i++) {
    const end = indptr[rowOffset + i + 1];
    for (let p = indptr[rowOffset + i]; p < end; p++) {
      const j = indices[p];
      const v = data[p - shift];
      for (let c = 0; c < k; c++) out[c * m + j] += W[i * k + c] * v;
    }
  }
}

/** ‖a − b‖ / ‖a‖ over the first `n` entries (scikit-learn's relative change of a factor). */
export function relativeDifference(a: Float64Array, b: Float64Array, n: number): number {
  let diff = 0;
  let norm = 0;
  for (let p = 0; p < n; p++) {
    const d = a[p] - b[p];
    diff += d * d;
    norm += a[p] * a[p];
  }
  return Math.sqrt(diff) / Math.sqrt(norm);
}

/** out[p − indptr[rowOffset]] = (W·H)ᵢⱼ for each stored entry p = (i, j) of the batch (`_special_sparse_dot`). */
export function sampledProduct(
  rows: number,
  indptr: Int32Array,
  indices: Int32Array,
  rowOffset: number,
  W: Float64Array,
  H: Float64Array,
  k: number,
  m: number,
  out: Float64Array,
): void {
  const base = indptr[rowOffset];
  for (let i = 0; i < rows; i++) {
    const end = indptr[rowOffset + i + 1];
    for (let p = indptr[rowOffset + i]; p < end; p++) {
      const j = indices[p];
      let s = 0;
      for (let c = 0; c < k; c++) s += W[i * k + c] * H[c * m + j];
      out[p - base] = s;
    }
  }
}

/** out (`m`) = row i of W·H. */
export function productRow(
  W: Float64Array,
  i: number,
  H: Float64Array,
  k: number,
  m: number,
  out: Float64Array,
): void {
  out.fill(0, 0, m);
  for (let c = 0; c < k; c++) {
    const w = W[i * k + c];
    for (let j = 0; j < m; j++) out[j] += w * H[c * m + j];
  }
}
