import { DenseMatrix } from '../DenseMatrix.js';
import { oneSidedJacobi } from './oneSidedJacobi.js';
import { orthonormalizeRows } from './orthonormalize.js';
import { svdFlip } from './svdFlip.js';

/** A (thin or truncated) singular value decomposition `A ≈ U · diag(s) · Vt`. */
export interface SvdResult {
  /** `m × k`: left singular vectors as orthonormal columns. */
  readonly U: DenseMatrix;
  /** `k` singular values, largest first. */
  readonly s: Float64Array;
  /** `k × n`: right singular vectors as orthonormal rows. */
  readonly Vt: DenseMatrix;
}

/**
 * The exact thin SVD of a dense `m × n` matrix, `A = U · diag(s) · Vt` with `r = min(m, n)` components,
 * singular values sorted largest first and signs fixed as scikit-learn's `svd_flip` (u-based), so equal
 * inputs give equal outputs.
 *
 * Method: one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992) on the `r` rows of `A` or of `Aᵀ`,
 * whichever are fewer, so the work is `O(r² · max(m, n))` per sweep and it typically converges in 6 to 10
 * sweeps; when the long side is at least twice the short one, the rows are first factored `L·Q` by
 * Gram–Schmidt and Jacobi runs on the small `L` (QR preconditioning, Drmač & Veselić 2008), so the long side
 * is traversed only a few times. It is accurate to a few ulps relative to the largest singular value and
 * keeps small singular values accurate too (no Gram matrix is formed). Meant for small and medium matrices (up to a few
 * thousand on the short side); for a few leading components of a large sparse matrix use
 * {@link randomizedSvd}.
 *
 * A singular value at rounding level (≤ `max(m, n) · ε · σ₁`, zero included) leaves its right singular
 * vector undefined: it is completed to an orthonormal set with the first coordinate vectors that are
 * independent of the others.
 *
 * @param a `m × n`, not modified
 * @returns `U: m × r`, `s: r`, `Vt: r × n`
 *
 * @example
 * ```ts
 * import { DenseMatrix, thinSvd } from '@rivulet/linalg';
 * const { s } = thinSvd(DenseMatrix.fromRows([[3, 0], [0, 4]]));
 * // s = Float64Array [4, 3]
 * ```
 */
export function thinSvd(a: DenseMatrix): SvdResult {
  const { rows: m, cols: n } = a;
  const wide = m <= n;
  // Orthogonalise the r short-side vectors: rows of A when m ≤ n, else rows of Aᵀ.
  const r = wide ? m : n;
  const c = wide ? n : m;
  const work = wide ? a.data.slice() : a.transpose().data;
  // Work on A / max|aᵢⱼ| so that squares of tiny or huge entries neither underflow nor overflow.
  let scale = 0;
  for (let p = 0; p < work.length; p++) scale = Math.max(scale, Math.abs(work[p]));
  if (scale > 0 && Number.isFinite(scale)) for (let p = 0; p < work.length; p++) work[p] /= scale;
  else scale = 1;
  const J = new Float64Array(r * r);
  for (let i = 0; i < r; i++) J[i * r + i] = 1;
  // A long side much longer than the short one: factor B = L·Q first (Q with orthonormal rows) and run
  // Jacobi on the small triangular L, the QR preconditioning of Drmač & Veselić (2008), which cuts the
  // work from O(r²·c) per sweep to O(r²·c) once and O(r³) per sweep.
  const precondition = c >= 2 * r;
  let basis: Float64Array | null = null;
  let small = work;
  let sc = c;
  if (precondition) {
    basis = work;
    small = new Float64Array(r * r);
    orthonormalizeRows(basis, r, c, small);
    sc = r;
  }
  oneSidedJacobi(small, r, sc, J);

  const norms = new Float64Array(r);
  for (let i = 0; i < r; i++) norms[i] = rowNorm(small, i * sc, sc);
  const order = Array.from({ length: r }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);

  // Left factor of the oriented problem: columns are rows of J. Right factor: normalised rows of the
  // rotated matrix (times Q when preconditioned).
  const left = new Float64Array(r * r);
  const right = new Float64Array(r * c);
  const s = new Float64Array(r);
  // Below this a row is rounding noise (possibly subnormal): its direction carries no information.
  const negligible = r === 0 ? 0 : norms[order[0]] * Math.max(r, c) * Number.EPSILON;
  for (let k = 0; k < r; k++) {
    const i = order[k];
    s[k] = norms[i] * scale;
    for (let t = 0; t < r; t++) left[t * r + k] = J[i * r + t];
    if (!(norms[i] > negligible)) continue;
    if (basis === null) {
      for (let t = 0; t < c; t++) right[k * c + t] = small[i * c + t] / norms[i];
    } else {
      for (let q = 0; q < r; q++) {
        const f = small[i * r + q] / norms[i];
        if (f === 0) continue;
        for (let t = 0; t < c; t++) right[k * c + t] += f * basis[q * c + t];
      }
    }
  }
  completeNegligibleRows(right, s, negligible * scale, r, c);

  let U: DenseMatrix;
  let Vt: DenseMatrix;
  if (wide) {
    U = new DenseMatrix(m, r, left);
    Vt = new DenseMatrix(r, n, right);
  } else {
    // Aᵀ = L · Σ · R  ⇒  A = Rᵀ · Σ · Lᵀ.
    U = new DenseMatrix(r, c, right).transpose();
    Vt = new DenseMatrix(r, r, left).transpose();
  }
  svdFlip(U, Vt);
  return { U, s, Vt };
}

/** Fills rows whose singular value is negligible with unit vectors orthogonal to the other rows. */
function completeNegligibleRows(
  right: Float64Array,
  s: Float64Array,
  negligible: number,
  r: number,
  c: number,
): void {
  let candidate = 0;
  for (let k = 0; k < r; k++) {
    if (s[k] > negligible) continue;
    const row = right.subarray(k * c, (k + 1) * c);
    while (candidate < c) {
      row.fill(0);
      row[candidate++] = 1;
      // Twice-is-enough Gram–Schmidt against every other row (rows not completed yet are zero).
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < r; q++) {
          if (q === k) continue;
          let dot = 0;
          for (let t = 0; t < c; t++) dot += right[q * c + t] * row[t];
          for (let t = 0; t < c; t++) row[t] -= dot * right[q * c + t];
        }
      }
      let norm = 0;
      for (let t = 0; t < c; t++) norm += row[t] * row[t];
      norm = Math.sqrt(norm);
      if (norm > 0.5) {
        for (let t = 0; t < c; t++) row[t] /= norm;
        break;
      }
    }
  }
}

/** The singular values of a dense matrix, largest first (one-sided Jacobi without vectors). @internal */
export function singularValues(a: DenseMatrix): Float64Array {
  const wide = a.rows <= a.cols;
  const r = wide ? a.rows : a.cols;
  const c = wide ? a.cols : a.rows;
  const work = wide ? a.data.slice() : a.transpose().data;
  oneSidedJacobi(work, r, c, null);
  const s = new Float64Array(r);
  for (let i = 0; i < r; i++) s[i] = rowNorm(work, i * c, c);
  return s.sort().reverse();
}

/** ‖x[start .. start + n)‖₂, scaled by the largest magnitude so tiny or huge entries neither underflow nor overflow. */
function rowNorm(x: Float64Array, start: number, n: number): number {
  let scale = 0;
  for (let t = 0; t < n; t++) scale = Math.max(scale, Math.abs(x[start + t]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const v = x[start + t] / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
}
