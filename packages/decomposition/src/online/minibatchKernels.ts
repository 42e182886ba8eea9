/**
 * The dense and sparse products of one mini-batch NMF step, over row-major typed arrays with
 * caller-supplied outputs. X is a CSR batch (`rows × m`: `indptr`, `indices`, `data`), W is `rows × k`,
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

/** out (`k × k`) = A·Aᵀ for A `k × n` (the Gram matrix of A's rows). */
export function rowGram(A: Float64Array, k: number, n: number, out: Float64Array): void {
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[a * n + j] * A[b * n + j];
      out[a * k + b] = s;
      out[b * k + a] = s;
    }
  }
}

/** out (`k × k`) = WᵀW for W `rows × k`. */
export function columnGram(W: Float64Array, rows: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k * k);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < k; a++) {
      const w = W[i * k + a];
      for (let b = 0; b < k; b++) out[a * k + b] += w * W[i * k + b];
    }
  }
}

/** out (`r × n`) = S·B for S `r × k`, B `k × n`. */
export function multiply(
  S: Float64Array,
  r: number,
  k: number,
  B: Float64Array,
  n: number,
  out: Float64Array,
): void {
  out.fill(0, 0, r * n);
  for (let i = 0; i < r; i++) {
    for (let c = 0; c < k; c++) {
      const s = S[i * k + c];
      for (let j = 0; j < n; j++) out[i * n + j] += s * B[c * n + j];
    }
  }
}

/** Σ a∘b over the first `n` entries. */
export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let p = 0; p < n; p++) s += a[p] * b[p];
  return s;
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
