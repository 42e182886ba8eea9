import { CsrMatrix } from '../CsrMatrix.js';
import { DenseMatrix } from '../DenseMatrix.js';
import { csrMulDense } from '../kernels/csrMulDense.js';
import { csrTransposeMulDense } from '../kernels/csrTransposeMulDense.js';
import { Random } from '../Random.js';
import { orthonormalizeColumns } from './orthonormalize.js';
import { svdFlip } from './svdFlip.js';
import { type SvdResult, singularValues, thinSvd } from './thinSvd.js';

/** Options of {@link RandomizedSvd} and {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /**
   * Extra random directions beyond the `k` wanted, as scikit-learn's `n_oversamples` (default 10): the
   * range finder works with `k + oversamples` columns.
   */
  readonly oversamples?: number;
  /** Seed of the Gaussian test matrix (default 0). */
  readonly seed?: number;
}

/**
 * Randomized truncated SVD run one power iteration at a time, so a caller can report progress and stop
 * early (the `svd` decomposer's epochs are these iterations). This is the algorithm of scikit-learn's
 * `randomized_svd` (Halko, Martinsson & Tropp 2011, "Finding structure with randomness", SIAM Review
 * 53(2), Algorithms 4.4 and 5.1): a Gaussian test matrix `Ω: n × (k + p)`, power iterations
 * `Q ← orth(A·Q), Q ← orth(Aᵀ·Q)`, then `Q ← orth(A·Q)`, `B = Qᵀ·A` and the exact SVD of the small `B`.
 * It differs from scikit-learn in one respect: re-orthonormalisation is always a QR-quality Gram–Schmidt
 * (scikit-learn's `'auto'` uses an LU factor for more than two iterations; both span the same subspace,
 * QR is the more stable of the two). As there, a matrix with fewer rows than columns is handled through
 * its transpose, and signs are fixed by `svd_flip` on `U`.
 *
 * `A` is only ever multiplied (as CSR), never densified: memory is `O(nnz + (m + n)·(k + p))`.
 *
 * @example
 * ```ts
 * import { CsrMatrix, RandomizedSvd } from '@rivulet/linalg';
 * const svd = new RandomizedSvd(CsrMatrix.fromDense([[1, 0, 2], [0, 3, 0], [4, 0, 5]]), 2, { seed: 0 });
 * for (let i = 0; i < 5; i++) svd.step(); // each returns the squared residual of the current basis
 * const { U, s, Vt } = svd.result();
 * ```
 */
export class RandomizedSvd {
  /** Components wanted. */
  readonly k: number;
  /** Columns of the range finder, `k + oversamples`. */
  readonly width: number;
  /** ‖A‖²_F. */
  readonly squaredNorm: number;
  /** The matrix worked on: `A`, or `Aᵀ` when `A` has fewer rows than columns. */
  private readonly x: CsrMatrix;
  private readonly transposed: boolean;
  /** Current right-side basis, `x.cols × width`. */
  private readonly qn: Float64Array;
  /** Scratch for the left-side basis, `x.rows × width`. */
  private readonly qm: Float64Array;
  /** Scratch for re-orthonormalisation, `max(rows, cols) × width`. */
  private readonly scratch: Float64Array;

  /**
   * @param a `m × n`, sparse or dense (a dense matrix is converted to CSR once)
   * @param k components wanted, an integer in `[1, min(m, n)]`
   * @throws RangeError for a `k`, `oversamples` or `seed` out of range
   */
  constructor(a: CsrMatrix | DenseMatrix, k: number, options: RandomizedSvdOptions = {}) {
    const csr = a instanceof CsrMatrix ? a : CsrMatrix.fromDense(a);
    const limit = Math.min(csr.rows, csr.cols);
    if (!Number.isInteger(k) || k < 1 || k > limit) {
      throw new RangeError(
        `RandomizedSvd: k must be an integer in [1, min(rows, cols)] = [1, ${limit}], got ${String(k)}`,
      );
    }
    const oversamples = options.oversamples ?? 10;
    if (!Number.isInteger(oversamples) || oversamples < 0) {
      throw new RangeError(`RandomizedSvd: oversamples must be an integer ≥ 0, got ${String(oversamples)}`);
    }
    const random = new Random(options.seed ?? 0);
    this.transposed = csr.rows < csr.cols;
    this.x = this.transposed ? csr.transpose() : csr;
    this.k = k;
    this.width = k + oversamples;
    let sq = 0;
    for (let p = 0; p < csr.data.length; p++) sq += csr.data[p] * csr.data[p];
    this.squaredNorm = sq;
    // Drawn row by row as numpy's `normal(size=(n, k + p))`.
    this.qn = new Float64Array(this.x.cols * this.width);
    for (let t = 0; t < this.qn.length; t++) this.qn[t] = random.normal();
    this.qm = new Float64Array(this.x.rows * this.width);
    this.scratch = new Float64Array(Math.max(this.x.rows, this.x.cols) * this.width);
  }

  /**
   * One power iteration. Returns ‖A − Aₖ‖²_F for the best rank-`k` approximation of `A` within the basis
   * this iteration found, `‖A‖² − Σᵢ≤ₖ σᵢ²(QᵀA)`: `Aᵀ·Q` is the product the iteration computes anyway, and
   * its singular values are those of the small triangular factor its re-orthonormalisation yields, so the
   * loss costs only an SVD of `width × width`.
   */
  step(): number {
    const { x, width, qm, qn, scratch } = this;
    csrMulDense(x.rows, x.cols, width, x.indptr, x.indices, x.data, qn, qm);
    orthonormalizeColumns(qm, x.rows, width, scratch);
    csrTransposeMulDense(x.rows, x.cols, width, x.indptr, x.indices, x.data, qm, qn);
    // Z = AᵀQ = Q'·Lᵀ: the triangular factor of its orthonormalisation has Z's singular values.
    const factor = new DenseMatrix(width, width);
    orthonormalizeColumns(qn, x.cols, width, scratch, factor.data);
    const sigma = singularValues(factor);
    let captured = 0;
    for (let c = 0; c < this.k; c++) captured += sigma[c] * sigma[c];
    return Math.max(0, this.squaredNorm - captured);
  }

  /**
   * The truncated SVD from the current basis: `U: m × k`, `s: k` (largest first), `Vt: k × n`, signs as
   * `svd_flip`. Does not change the state, so it may be called at any point.
   */
  result(): SvdResult {
    const { x, width, k } = this;
    const qm = new Float64Array(x.rows * width);
    csrMulDense(x.rows, x.cols, width, x.indptr, x.indices, x.data, this.qn, qm);
    orthonormalizeColumns(qm, x.rows, width, new Float64Array(x.rows * width));
    const bt = new Float64Array(x.cols * width);
    csrTransposeMulDense(x.rows, x.cols, width, x.indptr, x.indices, x.data, qm, bt);
    const small = thinSvd(new DenseMatrix(x.cols, width, bt).transpose());
    const r = small.s.length;
    // U of x = Q · Û, truncated to k columns.
    const ux = new Float64Array(x.rows * k);
    const uh = small.U.data;
    for (let i = 0; i < x.rows; i++) {
      for (let t = 0; t < width; t++) {
        const q = qm[i * width + t];
        if (q === 0) continue;
        for (let c = 0; c < k; c++) ux[i * k + c] += q * uh[t * r + c];
      }
    }
    const s = small.s.slice(0, k);
    const vx = small.Vt.data.slice(0, k * x.cols);
    let U: DenseMatrix;
    let Vt: DenseMatrix;
    if (this.transposed) {
      U = new DenseMatrix(k, x.cols, vx).transpose();
      Vt = new DenseMatrix(x.rows, k, ux).transpose();
    } else {
      U = new DenseMatrix(x.rows, k, ux);
      Vt = new DenseMatrix(k, x.cols, vx);
    }
    svdFlip(U, Vt);
    return { U, s, Vt };
  }
}

/**
 * Randomized truncated SVD of a sparse or dense matrix, as scikit-learn's `randomized_svd(M, k,
 * n_oversamples=10, n_iter='auto', random_state=seed)`; see {@link RandomizedSvd} for the method.
 *
 * @param a `m × n`
 * @param k components, an integer in `[1, min(m, n)]`
 * @param options `nIter`: power iterations, an integer ≥ 0 or `'auto'` (default: 7 when
 *   `k < 0.1 · min(m, n)`, else 4, as scikit-learn); `oversamples` (10); `seed` (0)
 * @returns `U: m × k`, `s: k`, `Vt: k × n`
 *
 * @example
 * ```ts
 * import { CsrMatrix, randomizedSvd } from '@rivulet/linalg';
 * const { s } = randomizedSvd(CsrMatrix.fromDense([[1, 0, 2], [0, 3, 0], [4, 0, 5]]), 2, { seed: 0 });
 * ```
 */
export function randomizedSvd(
  a: CsrMatrix | DenseMatrix,
  k: number,
  options: RandomizedSvdOptions & { readonly nIter?: number | 'auto' } = {},
): SvdResult {
  const nIter = options.nIter ?? 'auto';
  if (nIter !== 'auto' && (!Number.isInteger(nIter) || nIter < 0)) {
    throw new RangeError(`randomizedSvd: nIter must be an integer ≥ 0 or 'auto', got ${String(nIter)}`);
  }
  const svd = new RandomizedSvd(a, k, options);
  const iterations = nIter === 'auto' ? autoIterations(k, a.rows, a.cols) : nIter;
  for (let i = 0; i < iterations; i++) svd.step();
  return svd.result();
}

/** scikit-learn's `n_iter='auto'`: 7 when `k < 0.1 · min(m, n)`, else 4. */
export function autoIterations(k: number, rows: number, cols: number): number {
  return k < 0.1 * Math.min(rows, cols) ? 7 : 4;
}
