import { DenseMatrix } from '../DenseMatrix.js';
import { oneSidedJacobi } from './oneSidedJacobi.js';
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
 * sweeps. It is accurate to a few ulps relative to the largest singular value and keeps small singular
 * values accurate too (no Gram matrix is formed). Meant for small and medium matrices (up to a few
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
  const J = new Float64Array(r * r);
  for (let i = 0; i < r; i++) J[i * r + i] = 1;
  oneSidedJacobi(work, r, c, J);

  const norms = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let sum = 0;
    for (let t = 0; t < c; t++) sum += work[i * c + t] * work[i * c + t];
    norms[i] = Math.sqrt(sum);
  }
  const order = Array.from({ length: r }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);

  // Left factor of the oriented problem: columns are rows of J. Right factor: normalised rows of work.
  const left = new Float64Array(r * r);
  const right = new Float64Array(r * c);
  const s = new Float64Array(r);
  // Below this a row is rounding noise (possibly subnormal): its direction carries no information.
  const negligible = r === 0 ? 0 : norms[order[0]] * Math.max(r, c) * Number.EPSILON;
  for (let k = 0; k < r; k++) {
    const i = order[k];
    s[k] = norms[i];
    for (let t = 0; t < r; t++) left[t * r + k] = J[i * r + t];
    if (norms[i] > negligible) {
      const inv = 1 / norms[i];
      for (let t = 0; t < c; t++) right[k * c + t] = work[i * c + t] * inv;
    }
  }
  completeNegligibleRows(right, s, negligible, r, c);

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
  for (let i = 0; i < r; i++) {
    let sum = 0;
    for (let t = 0; t < c; t++) sum += work[i * c + t] * work[i * c + t];
    s[i] = Math.sqrt(sum);
  }
  return s.sort().reverse();
}
