import type { CsrMatrix } from '../CsrMatrix.js';

/**
 * `out = A · B` for CSR `A: m × n` and row-major `B: n × l`, `out: m × l` (overwritten).
 * @internal
 */
export function csrTimesDense(a: CsrMatrix, b: Float64Array, l: number, out: Float64Array): void {
  const { rows, indptr, indices, data } = a;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const o = i * l;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      const g = indices[p] * l;
      for (let t = 0; t < l; t++) out[o + t] += v * b[g + t];
    }
  }
}

/**
 * `out = Aᵀ · B` for CSR `A: m × n` and row-major `B: m × l`, `out: n × l` (overwritten), without
 * forming `Aᵀ`.
 * @internal
 */
export function csrTransposeTimesDense(a: CsrMatrix, b: Float64Array, l: number, out: Float64Array): void {
  const { rows, indptr, indices, data } = a;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const q = i * l;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      const o = indices[p] * l;
      for (let t = 0; t < l; t++) out[o + t] += v * b[q + t];
    }
  }
}

/**
 * Orthonormalises the `l` columns of row-major `Y: m × l` in place by modified Gram–Schmidt applied twice
 * ("twice is enough": Giraud, Langou & Rozložník 2005), which gives a basis as orthonormal as Householder
 * QR's. A column that vanishes against the earlier ones (the matrix has rank < l) is set to zero.
 * @internal
 */
export function orthonormalizeColumns(y: Float64Array, m: number, l: number): void {
  for (let c = 0; c < l; c++) {
    let before = 0;
    for (let i = 0; i < m; i++) before += y[i * l + c] * y[i * l + c];
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < c; q++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += y[i * l + q] * y[i * l + c];
        if (dot === 0) continue;
        for (let i = 0; i < m; i++) y[i * l + c] -= dot * y[i * l + q];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += y[i * l + c] * y[i * l + c];
    norm = Math.sqrt(norm);
    // What remains after removing the earlier directions is rounding noise: the column adds no rank.
    const scale = norm > 1e-12 * Math.sqrt(before) && norm > 0 ? 1 / norm : 0;
    for (let i = 0; i < m; i++) y[i * l + c] *= scale;
  }
}
