import { type DenseOps, jsDense } from './denseOps.js';
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
 * @param ops the Gram and triangular-product passes (WebAssembly when `Y` lies in a workspace's memory;
 *   the same bits either way)
 * @param recompute when given, rewrites `Y` as it was (the product that made it, say): a second pass that
 *   fails calls it instead of restoring `Y` from a copy in `scratch`, so the scratch is not touched at all
 *   unless Gram–Schmidt runs (`m · l` doubles of memory that need not be resident)
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
  ops: DenseOps = jsDense,
  recompute?: () => void,
): boolean {
  const size = m * l;
  if (m >= l) {
    // A failed first pass leaves Y untouched; only the second can fail after Y has changed.
    if (passes === 2 && recompute === undefined) scratch.set(y.subarray(0, size));
    const g = new Float64Array(l * l);
    const r1 = new Float64Array(l * l);
    const inv = new Float64Array(l * l);
    ops.gram(m, l, y, g);
    if (choleskyPass(y, m, l, g, r1, inv, FIRST_PIVOT, ops)) {
      if (passes === 1) {
        if (R !== null) R.set(r1);
        return true;
      }
      const r2 = new Float64Array(l * l);
      ops.gram(m, l, y, g);
      if (nearIdentity(g, l) && choleskyPass(y, m, l, g, r2, inv, 0.5, ops)) {
        if (R !== null) upperProduct(r2, r1, l, R);
        return true;
      }
      if (recompute === undefined) y.set(scratch.subarray(0, size));
      else recompute();
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
  minPivot: number,
  ops: DenseOps,
): boolean {
  if (!choleskyFactor(g, l, minPivot, r, inv)) return false;
  ops.timesUpper(m, l, y, inv);
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
  ops: DenseOps = jsDense,
): boolean {
  if (m < l) return false;
  const g = new Float64Array(l * l);
  ops.gram(m, l, y, g);
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
