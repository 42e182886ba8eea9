import { integerOption, oneOfOption } from '@rivulet/core';
import { CsrMatrix, DenseMatrix, Random, randomizedSvd, type SvdResult, thinSvd } from '@rivulet/linalg';

/** The NNDSVD variants: how the zeros of the start are filled (scikit-learn's `init` names). */
export type NndsvdVariant = 'nndsvd' | 'nndsvda' | 'nndsvdar';

/**
 * Which SVD NNDSVD starts from: `'exact'` (Rivulet's one-sided Jacobi SVD, dense), `'randomized'`
 * (scikit-learn's own choice, `randomized_svd` with its defaults) or `'auto'`: exact while the Jacobi
 * work `min(m, n)² · max(m, n)` stays under 10⁸, randomized beyond.
 */
export type NndsvdSvd = 'auto' | 'exact' | 'randomized';

const VARIANTS: readonly NndsvdVariant[] = ['nndsvd', 'nndsvda', 'nndsvdar'];
const SVDS: readonly NndsvdSvd[] = ['auto', 'exact', 'randomized'];
/** Entries below this are zeroed, as scikit-learn's `_initialize_nmf(eps=1e-6)`. */
const EPS = 1e-6;
const EXACT_WORK_LIMIT = 1e8;

/**
 * A non-negative start for NMF from the leading `k` singular triplets of `A`: NNDSVD (Boutsidis &
 * Gallopoulos 2008, "SVD based initialization: A head start for nonnegative matrix factorization",
 * Pattern Recognition 41(4)), computed as scikit-learn 1.2's `_initialize_nmf`. The first triplet is
 * used as is (its vectors can be taken non-negative); for each further one the positive or the negative
 * parts of `u` and `v`, whichever has the larger product of norms, scaled by `√(σ·that product)`.
 * Entries below 1e-6 are then zero, and the variants fill them as scikit-learn does:
 * `'nndsvd'` keeps them (better for sparse results, but MU can never move a zero), `'nndsvda'` sets them
 * to mean(A), `'nndsvdar'` to |mean(A) · N(0, 1) / 100| drawn from numpy's legacy generator seeded with
 * `seed` (W's zeros row by row, then H's), so given the same SVD the start equals scikit-learn's.
 * A triplet whose positive and negative parts both vanish yields a zero component (scikit-learn would
 * divide by zero).
 *
 * @param A `rows × cols`
 * @param k components, an integer in `[1, min(rows, cols)]`
 * @param stage the caller's stage name, for error messages
 * @param svd which SVD to start from (see {@link NndsvdSvd})
 * @returns `W: rows × k`, `H: k × cols`
 * @throws RivuletError `invalid-option` for `k` out of range or an unknown variant
 *
 * @example
 * ```ts
 * import { nndsvdInit } from '@rivulet/decomposition';
 * import { CsrMatrix } from '@rivulet/linalg';
 * const { W, H } = nndsvdInit(CsrMatrix.fromDense([[1, 0, 2], [0, 3, 1]]), 2, 'nndsvda', 0);
 * ```
 */
export function nndsvdInit(
  A: CsrMatrix | DenseMatrix,
  k: number,
  variant: NndsvdVariant,
  seed: number,
  stage = 'nndsvd',
  svd: NndsvdSvd = 'auto',
): { W: DenseMatrix; H: DenseMatrix } {
  const m = A.rows;
  const n = A.cols;
  oneOfOption(stage, 'init', variant, VARIANTS);
  oneOfOption(stage, 'svd', svd, SVDS);
  const limit = Math.min(m, n);
  integerOption(stage, 'components', k, {
    min: 1,
    max: limit,
    label: `[1, min(rows, cols)] = [1, ${limit}] for init ${JSON.stringify(variant)}`,
  });
  const { U, s, Vt } = leadingTriplets(A, k, seed, svd);

  // The triplets are this function's own: W and H are written over U and Vt when those have exactly
  // their shapes (each entry is computed from the same entry of U or Vt, read first), so the start never
  // holds both (gcide at k = 20: 29 MB less at its peak).
  const W = new DenseMatrix(m, k, whole(U.data, m * k) ? U.data : undefined);
  const H = new DenseMatrix(k, n, whole(Vt.data, k * n) ? Vt.data : undefined);
  const w = W.data;
  const h = H.data;
  const u = U.data;
  const v = Vt.data;
  const uc = U.cols;
  // Every component's scale: the first triplet as is; for each further one the sign whose parts have
  // the larger product of norms. U is m × uc row-major, so its columns' norms are summed in one pass
  // over its rows (each column still in row order, so the same sums as a column-by-column loop), and W
  // is written row by row: a column at a time would stride through all of U and W k times.
  const xp = new Float64Array(k);
  const xn = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const row = i * uc;
    for (let c = 1; c < k; c++) {
      const x = u[row + c];
      if (x > 0) xp[c] += x * x;
      else xn[c] += x * x;
    }
  }
  /** Per component: the sign kept (0: the component is zero), the norm of u's kept part, and λ. */
  const sign = new Float64Array(k);
  const xNorm = new Float64Array(k);
  const lambda = new Float64Array(k);
  const root0 = Math.sqrt(s[0]);
  for (let c = 1; c < k; c++) {
    let yp = 0;
    let yn = 0;
    for (let j = 0; j < n; j++) {
      const y = v[c * n + j];
      if (y > 0) yp += y * y;
      else yn += y * y;
    }
    const xpNorm = Math.sqrt(xp[c]);
    const ypNorm = Math.sqrt(yp);
    const xnNorm = Math.sqrt(xn[c]);
    const ynNorm = Math.sqrt(yn);
    const mp = xpNorm * ypNorm;
    const mn = xnNorm * ynNorm;
    const positive = mp > mn;
    const sigma = positive ? mp : mn;
    if (sigma === 0) {
      h.fill(0, c * n, (c + 1) * n);
      continue;
    }
    // Keep the chosen sign's part: x⁺ = max(x, 0), x⁻ = |min(x, 0)|.
    sign[c] = positive ? 1 : -1;
    xNorm[c] = positive ? xpNorm : xnNorm;
    lambda[c] = Math.sqrt(s[c] * sigma);
    const yNorm = positive ? ypNorm : ynNorm;
    for (let j = 0; j < n; j++) {
      const y = sign[c] * v[c * n + j];
      h[c * n + j] = y > 0 ? (y / yNorm) * lambda[c] : 0;
    }
  }
  for (let j = 0; j < n; j++) h[j] = root0 * Math.abs(v[j]);

  // Entries below 1e-6 become zeros, which the variants fill: W's in row order, then H's, as
  // scikit-learn draws nndsvdar's normals.
  const avg = variant === 'nndsvd' ? 0 : mean(A);
  const random = variant === 'nndsvdar' ? new Random(seed) : null;
  const fill = (): number => (random === null ? avg : Math.abs((avg * random.normal()) / 100));
  for (let i = 0; i < m; i++) {
    const row = i * uc;
    const out = i * k;
    const first = root0 * Math.abs(u[row]);
    w[out] = first < EPS ? fill() : first;
    for (let c = 1; c < k; c++) {
      const x = sign[c] * u[row + c];
      const value = x > 0 ? (x / xNorm[c]) * lambda[c] : 0;
      w[out + c] = value < EPS ? fill() : value;
    }
  }
  for (let p = 0; p < h.length; p++) if (h[p] < EPS) h[p] = fill();
  return { W, H };
}

function leadingTriplets(A: CsrMatrix | DenseMatrix, k: number, seed: number, svd: NndsvdSvd): SvdResult {
  const short = Math.min(A.rows, A.cols);
  const long = Math.max(A.rows, A.cols);
  const exact = svd === 'exact' || (svd === 'auto' && short * short * long <= EXACT_WORK_LIMIT);
  if (!exact) return randomizedSvd(A, k, { seed });
  const full = thinSvd(CsrMatrix.is(A) ? A.toDense() : A);
  return {
    U: full.U,
    s: full.s.subarray(0, k),
    Vt: new DenseMatrix(k, A.cols, full.Vt.data.subarray(0, k * A.cols)),
  };
}

/** Whether `data` is a whole buffer of exactly `size` entries (not a view into a larger result). */
function whole(data: Float64Array, size: number): boolean {
  return data.length === size && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
}

/** Mean over all `rows · cols` entries, zeros included (numpy's `X.mean()`). */
function mean(A: CsrMatrix | DenseMatrix): number {
  let sum = 0;
  for (let p = 0; p < A.data.length; p++) sum += A.data[p];
  return sum / (A.rows * A.cols);
}
