/**
 * Orthonormalises the `l` columns of row-major `Y: m × l` in place by Gram–Schmidt with selective
 * reorthogonalisation (see {@link orthonormalizeRows}), on a transposed copy in `scratch` (`l × m`) so each
 * pass streams contiguous memory. A column that vanishes against the earlier ones (the matrix has rank
 * < l) is set to zero.
 * @internal
 */
export function orthonormalizeColumns(y: Float64Array, m: number, l: number, scratch: Float64Array): void {
  for (let i = 0; i < m; i++) for (let c = 0; c < l; c++) scratch[c * m + i] = y[i * l + c];
  orthonormalizeRows(scratch, l, m, null);
  for (let i = 0; i < m; i++) for (let c = 0; c < l; c++) y[i * l + c] = scratch[c * m + i];
}

/**
 * Orthonormalises the `r` rows of row-major `X: r × c` in place, in order, so that `X_before = L · X_after`
 * with `L` lower triangular. Each row gets one modified Gram–Schmidt pass against the rows before it and a
 * second pass only when the first removed more than 1 − 1/√2 of its norm (the criterion of Daniel, Gragg,
 * Kaufman & Stewart 1976; "twice is enough": Giraud, Langou & Rozložník 2005), which keeps the rows
 * orthonormal to working precision at close to the cost of one pass. When `L` (`r × r`, zeros on entry)
 * is given it receives the coefficients. A row whose remainder is at rounding level (≤ c·ε of its norm
 * before) adds no rank: it is set to zero, with a zero diagonal in `L`.
 * @internal
 */
export function orthonormalizeRows(x: Float64Array, r: number, c: number, L: Float64Array | null): void {
  const negligible = Math.max(c, 1) * Number.EPSILON;
  for (let i = 0; i < r; i++) {
    const bi = i * c;
    // Divide the row by its largest magnitude first, so its squares cannot underflow into subnormals
    // (which would cost precision) or overflow; L's row i is scaled back at the end.
    let big = 0;
    for (let t = 0; t < c; t++) big = Math.max(big, Math.abs(x[bi + t]));
    if (big > 0 && Number.isFinite(big)) for (let t = 0; t < c; t++) x[bi + t] /= big;
    else big = 1;
    let before = 0;
    for (let t = 0; t < c; t++) before += x[bi + t] * x[bi + t];
    const original = before;
    let norm2 = before;
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < i; q++) {
        const bq = q * c;
        let dot = 0;
        for (let t = 0; t < c; t++) dot += x[bq + t] * x[bi + t];
        if (dot === 0) continue;
        for (let t = 0; t < c; t++) x[bi + t] -= dot * x[bq + t];
        if (L !== null) L[i * r + q] += dot;
      }
      norm2 = 0;
      for (let t = 0; t < c; t++) norm2 += x[bi + t] * x[bi + t];
      // ‖after‖² ≥ ‖before‖² / 2: little cancellation, the row is orthogonal to working precision.
      if (norm2 >= 0.5 * before) break;
      before = norm2;
    }
    const norm = Math.sqrt(norm2);
    const keep = norm > negligible * Math.sqrt(original);
    const scale = keep ? 1 / norm : 0;
    for (let t = 0; t < c; t++) x[bi + t] *= scale;
    if (L !== null) {
      L[i * r + i] = keep ? norm : 0;
      for (let q = 0; q <= i; q++) L[i * r + q] *= big;
    }
  }
}
