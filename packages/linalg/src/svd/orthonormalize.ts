/**
 * Orthonormalises the `l` columns of row-major `Y: m × l` in place by Gram–Schmidt with selective
 * reorthogonalisation (see {@link orthonormalizeRows}), on a transposed copy in `scratch` (`l × m`) so each
 * pass streams contiguous memory. A column that vanishes against the earlier ones (the matrix has rank
 * < l) is set to zero. When `L` (`l × l`, zeros on entry) is given it receives the triangular factor:
 * `Y_before = Y_after · Lᵀ`, so `Y_before` has the singular values of `L`.
 * @internal
 */
export function orthonormalizeColumns(
  y: Float64Array,
  m: number,
  l: number,
  scratch: Float64Array,
  L: Float64Array | null = null,
): void {
  for (let i = 0; i < m; i++) for (let c = 0; c < l; c++) scratch[c * m + i] = y[i * l + c];
  orthonormalizeRows(scratch, l, m, L);
  for (let i = 0; i < m; i++) for (let c = 0; c < l; c++) y[i * l + c] = scratch[c * m + i];
}

/**
 * Orthonormalises the `r` rows of row-major `X: r × c` in place, in order, so that `X_before = L · X_after`
 * with `L` lower triangular. Each row gets one modified Gram–Schmidt pass against the rows before it and a
 * second pass only when the first removed more than 1 − 1/√2 of its norm (the criterion of Daniel, Gragg,
 * Kaufman & Stewart 1976; "twice is enough": Giraud, Langou & Rozložník 2005), which keeps the rows
 * orthonormal to working precision at close to the cost of one pass. Rows are taken four at a time
 * against the earlier rows, so each earlier row is read once for four (the arithmetic per row is MGS's).
 * When `L` (`r × r`, zeros on entry) is given it receives the coefficients. A row whose remainder is at
 * rounding level (≤ c·ε of its norm before) adds no rank: it is set to zero, with a zero diagonal in `L`.
 * @internal
 */
export function orthonormalizeRows(x: Float64Array, r: number, c: number, L: Float64Array | null): void {
  const negligible = Math.max(c, 1) * Number.EPSILON;
  const before = new Float64Array(4);
  const big = new Float64Array(4);
  for (let i0 = 0; i0 < r; i0 += 4) {
    const i1 = Math.min(r, i0 + 4);
    for (let i = i0; i < i1; i++) {
      const bi = i * c;
      // Divide the row by its largest magnitude first, so its squares cannot underflow into subnormals
      // (which would cost precision) or overflow; L's row i is scaled back at the end.
      let m = 0;
      for (let t = 0; t < c; t++) m = Math.max(m, Math.abs(x[bi + t]));
      if (m > 0 && Number.isFinite(m)) for (let t = 0; t < c; t++) x[bi + t] /= m;
      else m = 1;
      big[i - i0] = m;
      let sum = 0;
      for (let t = 0; t < c; t++) sum += x[bi + t] * x[bi + t];
      before[i - i0] = sum;
    }
    if (i1 - i0 === 4) projectFour(x, c, i0, i0, L, r);
    else for (let i = i0; i < i1; i++) projectRow(x, c, i, 0, i0, L, r);
    for (let i = i0; i < i1; i++) {
      const bi = i * c;
      projectRow(x, c, i, i0, i, L, r);
      let norm2 = 0;
      for (let t = 0; t < c; t++) norm2 += x[bi + t] * x[bi + t];
      // ‖after‖² < ‖before‖² / 2: heavy cancellation, so project once more against every earlier row.
      if (norm2 < 0.5 * before[i - i0]) {
        projectRow(x, c, i, 0, i, L, r);
        norm2 = 0;
        for (let t = 0; t < c; t++) norm2 += x[bi + t] * x[bi + t];
      }
      const norm = Math.sqrt(norm2);
      const keep = norm > negligible * Math.sqrt(before[i - i0]);
      const scale = keep ? 1 / norm : 0;
      for (let t = 0; t < c; t++) x[bi + t] *= scale;
      if (L !== null) {
        L[i * r + i] = keep ? norm : 0;
        for (let q = 0; q <= i; q++) L[i * r + q] *= big[i - i0];
      }
    }
  }
}

/** MGS projection of row `i` against the (orthonormal) rows `[q0, q1)`, coefficients added into `L`. */
function projectRow(
  x: Float64Array,
  c: number,
  i: number,
  q0: number,
  q1: number,
  L: Float64Array | null,
  r: number,
): void {
  const bi = i * c;
  for (let q = q0; q < q1; q++) {
    const bq = q * c;
    let dot = 0;
    for (let t = 0; t < c; t++) dot += x[bq + t] * x[bi + t];
    if (dot === 0) continue;
    for (let t = 0; t < c; t++) x[bi + t] -= dot * x[bq + t];
    if (L !== null) L[i * r + q] += dot;
  }
}

/** {@link projectRow} for rows `i0 .. i0 + 3` against rows `[0, q1)` in lockstep. */
function projectFour(
  x: Float64Array,
  c: number,
  i0: number,
  q1: number,
  L: Float64Array | null,
  r: number,
): void {
  const b0 = i0 * c;
  const b1 = b0 + c;
  const b2 = b1 + c;
  const b3 = b2 + c;
  for (let q = 0; q < q1; q++) {
    const bq = q * c;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let t = 0; t < c; t++) {
      const v = x[bq + t];
      d0 += v * x[b0 + t];
      d1 += v * x[b1 + t];
      d2 += v * x[b2 + t];
      d3 += v * x[b3 + t];
    }
    for (let t = 0; t < c; t++) {
      const v = x[bq + t];
      x[b0 + t] -= d0 * v;
      x[b1 + t] -= d1 * v;
      x[b2 + t] -= d2 * v;
      x[b3 + t] -= d3 * v;
    }
    if (L !== null) {
      L[i0 * r + q] += d0;
      L[(i0 + 1) * r + q] += d1;
      L[(i0 + 2) * r + q] += d2;
      L[(i0 + 3) * r + q] += d3;
    }
  }
}
