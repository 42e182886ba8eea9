import { orthonormalizeColumns } from './orthonormalize.js';

/**
 * Orthonormalises the `l` columns of row-major `Y: m × l` in place by Cholesky QR: one Gram pass
 * `G = YᵀY` (row-major, so `Y` is streamed once), `G = RᵀR` on the small side, then `Y ← Y·R⁻¹` row by
 * row. With `passes = 2` this is CholeskyQR2 (Fukaya, Nakatsukasa, Yanagisawa & Yamamoto 2014,
 * "CholeskyQR2: a simple and communication-avoiding algorithm for computing a tall-skinny QR
 * factorization"; Yamamoto, Nakatsukasa, Yanagisawa & Fukaya 2015, ETNA 44): the second pass repeats the
 * first on the nearly orthonormal result, which makes the columns orthonormal to working precision
 * whenever `Y` is not too ill-conditioned. One pass (`passes = 1`) is a cheaper normaliser whose columns
 * are orthonormal only up to `κ(Y)²·ε`: enough between power iterations, where only the span matters
 * (Halko, Martinsson & Tropp 2011, §4.5; scikit-learn normalises there with an LU factor).
 *
 * When the Cholesky factor breaks down or comes out too ill-conditioned to trust (a column nearly
 * dependent on the earlier ones: `Y` has rank < `l`, or `κ(Y)` is near `ε^(-1/2)`), or when the second
 * pass finds the first result far from orthonormal, `Y` is restored and orthonormalised by the
 * Gram–Schmidt of {@link orthonormalizeColumns} instead, which handles rank deficiency (dependent columns
 * become zero) and extreme scales.
 *
 * @param y `m × l`, row-major, overwritten by `Q`
 * @param scratch at least `m · l` entries, overwritten
 * @param R `l × l`, row-major, or `null`: receives the upper-triangular `R` with `Y_before = Q · R`, so
 *   `Y_before` has the singular values of `R`
 * @param fallback whether to fall back to Gram–Schmidt; when false a failed Cholesky QR leaves `Y` as it was
 * @returns whether Cholesky QR succeeded (false: Gram–Schmidt was used, or nothing was done)
 * @internal
 */
export function choleskyQr(
  y: Float64Array,
  m: number,
  l: number,
  passes: 1 | 2,
  scratch: Float64Array,
  R: Float64Array | null = null,
  fallback = true,
): boolean {
  const size = m * l;
  if (m >= l) {
    // A failed first pass leaves Y untouched; only the second can fail after Y has changed.
    if (passes === 2) scratch.set(y.subarray(0, size));
    const g = new Float64Array(l * l);
    const r1 = new Float64Array(l * l);
    const inv = new Float64Array(l * l);
    const invT = new Float64Array(l * l);
    gramUpper(m, l, y, g);
    if (choleskyPass(y, m, l, g, r1, inv, invT, FIRST_PIVOT)) {
      if (passes === 1) {
        if (R !== null) R.set(r1);
        return true;
      }
      const r2 = new Float64Array(l * l);
      gramUpper(m, l, y, g);
      if (nearIdentity(g, l) && choleskyPass(y, m, l, g, r2, inv, invT, 0.5)) {
        if (R !== null) upperProduct(r2, r1, l, R);
        return true;
      }
      y.set(scratch.subarray(0, size));
    }
  }
  if (!fallback) return false;
  if (R === null) {
    orthonormalizeColumns(y, m, l, scratch);
    return false;
  }
  // Gram–Schmidt gives L with Y_before = Q · Lᵀ: R is its transpose.
  const L = new Float64Array(l * l);
  orthonormalizeColumns(y, m, l, scratch, L);
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) R[i * l + j] = L[j * l + i];
  return false;
}

/**
 * The smallest accepted `d_j / G_jj` in the first pass, `d_j` the squared remainder of column `j` after
 * projecting out the earlier ones: below it the column is within ~1e-4 radians of their span and one
 * Cholesky pass loses too much orthogonality for a second pass to repair reliably.
 */
const FIRST_PIVOT = 1e-8;
/** The smallest Gram diagonal trusted: below it squares have lost precision to underflow. */
const TINY = 1e-280;

/**
 * One Cholesky-QR pass given `g = YᵀY`: `G = RᵀR` (`R` upper triangular), `Y ← Y·R⁻¹`. Returns false,
 * with `Y` untouched, when a pivot ratio falls below `minPivot` or `G` is not finite or underflows.
 */
function choleskyPass(
  y: Float64Array,
  m: number,
  l: number,
  g: Float64Array,
  r: Float64Array,
  inv: Float64Array,
  invT: Float64Array,
  minPivot: number,
): boolean {
  if (!choleskyFactor(g, l, minPivot, r, inv)) return false;
  timesUpperInverse(y, m, l, inv, invT);
  return true;
}

/**
 * The triangular factor of `Y = Q·R` without forming `Q`: `R` (upper triangular, `l × l`) and `R⁻¹` from
 * `YᵀY`, `Y` untouched. Returns false when the Cholesky QR would not be trusted (see {@link choleskyQr}).
 * @internal
 */
export function choleskyQrFactor(
  y: Float64Array,
  m: number,
  l: number,
  r: Float64Array,
  inv: Float64Array,
): boolean {
  if (m < l) return false;
  const g = new Float64Array(l * l);
  gramUpper(m, l, y, g);
  return choleskyFactor(g, l, FIRST_PIVOT, r, inv);
}

/** `G = RᵀR` and `R⁻¹`; false when a pivot ratio falls below `minPivot` or `G` is not finite or underflows. */
function choleskyFactor(
  g: Float64Array,
  l: number,
  minPivot: number,
  r: Float64Array,
  inv: Float64Array,
): boolean {
  r.fill(0);
  for (let j = 0; j < l; j++) {
    const gjj = g[j * l + j];
    if (!(gjj > TINY) || !Number.isFinite(gjj)) return false;
    let d = gjj;
    for (let i = 0; i < j; i++) d -= r[i * l + j] * r[i * l + j];
    if (!(d > minPivot * gjj)) return false;
    const rjj = Math.sqrt(d);
    r[j * l + j] = rjj;
    for (let c = j + 1; c < l; c++) {
      let v = g[j * l + c];
      for (let i = 0; i < j; i++) v -= r[i * l + j] * r[i * l + c];
      r[j * l + c] = v / rjj;
    }
  }
  // R⁻¹ (upper triangular) by back substitution, column by column.
  inv.fill(0);
  for (let c = 0; c < l; c++) {
    inv[c * l + c] = 1 / r[c * l + c];
    for (let i = c - 1; i >= 0; i--) {
      let v = 0;
      for (let t = i + 1; t <= c; t++) v += r[i * l + t] * inv[t * l + c];
      inv[i * l + c] = -v / r[i * l + i];
    }
  }
  return true;
}

/** `Y ← Y·R⁻¹` for upper-triangular `R⁻¹` (`inv`); `invT` is scratch (`l × l`). */
function timesUpperInverse(
  y: Float64Array,
  m: number,
  l: number,
  inv: Float64Array,
  invT: Float64Array,
): void {
  // Y ← Y·R⁻¹ four rows at a time: entry c of a row is its dot product with column c of R⁻¹ (stored
  // transposed, `invT` row c, so both operands are contiguous and the sums stay in registers). Entry c
  // reads only entries ≤ c, so going from the last column down the rows are overwritten in place.
  for (let c = 0; c < l; c++) for (let t = 0; t <= c; t++) invT[c * l + t] = inv[t * l + c];
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const b0 = i * l;
    const b1 = b0 + l;
    const b2 = b1 + l;
    const b3 = b2 + l;
    for (let c = l - 1; c >= 0; c--) {
      const bc = c * l;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t <= c; t++) {
        const w = invT[bc + t];
        s0 += y[b0 + t] * w;
        s1 += y[b1 + t] * w;
        s2 += y[b2 + t] * w;
        s3 += y[b3 + t] * w;
      }
      y[b0 + c] = s0;
      y[b1 + c] = s1;
      y[b2 + c] = s2;
      y[b3 + c] = s3;
    }
  }
  for (; i < m; i++) {
    const b0 = i * l;
    for (let c = l - 1; c >= 0; c--) {
      const bc = c * l;
      let s0 = 0;
      for (let t = 0; t <= c; t++) s0 += y[b0 + t] * invT[bc + t];
      y[b0 + c] = s0;
    }
  }
}

/**
 * Whether the Gram matrix `g` of the first pass's result is within 0.1 of the identity in every entry,
 * i.e. the first pass did its job and the second will bring the columns to working precision.
 */
function nearIdentity(g: Float64Array, l: number): boolean {
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < l; j++) {
      const e = Math.abs(g[i * l + j] - (i === j ? 1 : 0));
      if (!(e <= 0.1)) return false;
    }
  }
  return true;
}

/** `out = A·B` for upper-triangular `l × l` `A` and `B`. @internal */
export function upperProduct(a: Float64Array, b: Float64Array, l: number, out: Float64Array): void {
  out.fill(0, 0, l * l);
  for (let i = 0; i < l; i++) {
    for (let t = i; t < l; t++) {
      const v = a[i * l + t];
      for (let c = t; c < l; c++) out[i * l + c] += v * b[t * l + c];
    }
  }
}

/**
 * `g = YᵀY` (`l × l`, both triangles) for row-major `Y: m × l`, eight rows at a time so each Gram entry
 * is loaded and stored once per eight rows rather than once per row (the pass is bound by those accesses,
 * not by the multiplications).
 */
function gramUpper(m: number, l: number, y: Float64Array, g: Float64Array): void {
  g.fill(0, 0, l * l);
  let i = 0;
  for (; i + 7 < m; i += 8) {
    const b0 = i * l;
    const b1 = b0 + l;
    const b2 = b1 + l;
    const b3 = b2 + l;
    const b4 = b3 + l;
    const b5 = b4 + l;
    const b6 = b5 + l;
    const b7 = b6 + l;
    for (let a = 0; a < l; a++) {
      const x0 = y[b0 + a];
      const x1 = y[b1 + a];
      const x2 = y[b2 + a];
      const x3 = y[b3 + a];
      const x4 = y[b4 + a];
      const x5 = y[b5 + a];
      const x6 = y[b6 + a];
      const x7 = y[b7 + a];
      const ga = a * l;
      for (let b = a; b < l; b++) {
        g[ga + b] +=
          x0 * y[b0 + b] +
          x1 * y[b1 + b] +
          x2 * y[b2 + b] +
          x3 * y[b3 + b] +
          x4 * y[b4 + b] +
          x5 * y[b5 + b] +
          x6 * y[b6 + b] +
          x7 * y[b7 + b];
      }
    }
  }
  for (; i < m; i++) {
    const b0 = i * l;
    for (let a = 0; a < l; a++) {
      const x0 = y[b0 + a];
      const ga = a * l;
      for (let b = a; b < l; b++) g[ga + b] += x0 * y[b0 + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
}
