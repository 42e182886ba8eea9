import { CsrMatrix } from '../CsrMatrix.js';
import { DenseMatrix } from '../DenseMatrix.js';
import { Random } from '../Random.js';
import { chooseThreads } from '../threads/chooseThreads.js';
import { BlockWorkspace } from './BlockWorkspace.js';
import { choleskyQr, choleskyQrFactor, upperProduct } from './choleskyQr.js';
import { type DenseOps, timesInPlace } from './denseOps.js';
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
  /**
   * Run the sparse products as WebAssembly SIMD (default true; same bits as the TypeScript loops, which
   * are used when false or when WebAssembly SIMD is missing).
   */
  readonly wasm?: boolean;
  /**
   * 1 or 2 threads for the sparse products and the large Gram and triangular passes of Cholesky QR
   * (default: {@link chooseThreads} on `2·nnz·(k + oversamples)` multiply-adds per power iteration). Two
   * need WebAssembly and Node's worker threads, else one runs; the factors are the same bits either way.
   */
  readonly threads?: 1 | 2;
}

/**
 * Randomized truncated SVD run one power iteration at a time, so a caller can report progress and stop
 * early (the `svd` decomposer's epochs are these iterations). This is the algorithm of scikit-learn's
 * `randomized_svd` (Halko, Martinsson & Tropp 2011, "Finding structure with randomness", SIAM Review
 * 53(2), Algorithms 4.4 and 5.1): a Gaussian test matrix `Ω: n × (k + p)`, power iterations
 * `Q ← orth(A·Q), Q ← orth(Aᵀ·Q)`, then `Q ← orth(A·Q)`, `B = Qᵀ·A` and the exact SVD of the small `B`.
 * Between power iterations the basis is normalised by one Cholesky-QR pass after each `AᵀA` product
 * (where scikit-learn's `'auto'` uses an LU factor after each of `A` and `Aᵀ`: only the span matters
 * there, Halko et al. §4.5; see {@link RandomizedSvd.iterate}); the final basis is a QR to
 * working precision (CholeskyQR2), and the small SVD runs on the `width × width` triangular factor of
 * `Bᵀ` rather than on `B` itself (see `choleskyQr`, with Gram–Schmidt as the fallback for rank-deficient
 * or badly conditioned bases). As there, a matrix with fewer rows than columns is handled through
 * its transpose, and signs are fixed by `svd_flip` on `U`.
 *
 * `A` is only ever multiplied (as CSR, kept with its transpose so both products are row gathers), never
 * densified: memory is `O(nnz + (m + n)·(k + p))`.
 *
 * @example
 * ```ts
 * import { CsrMatrix, RandomizedSvd } from '@rivulet/linalg';
 * const svd = new RandomizedSvd(CsrMatrix.fromDense([[1, 0, 2], [0, 3, 0], [4, 0, 5]]), 2, { seed: 0 });
 * for (let i = 0; i < 5; i++) svd.step(); // each returns the squared residual of the current basis
 * svd.iterate(); // the same without the residual, cheaper
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
  /**
   * The matrix worked on, `x` (`A`, or `Aᵀ` when `A` has fewer rows than columns), its transpose (kept so
   * both products are row-by-row gathers) and the blocks the products move between.
   */
  private readonly work: BlockWorkspace;
  private readonly x: CsrMatrix;
  private readonly transposed: boolean;
  /** The power of two `A·Ω` is scaled by before `Aᵀ` multiplies it. */
  private readonly unit: number;
  /** Scratch for the left-side basis, `x.rows × width`. */
  private readonly qm: Float64Array;
  /** Scratch for re-orthonormalisation, `max(rows, cols) × width`. */
  private readonly scratch: Float64Array;
  /** The dense passes over the blocks (Gram, triangular and small products). */
  private readonly dense: DenseOps;

  /**
   * @param a `m × n`, sparse or dense (a dense matrix is converted to CSR once)
   * @param k components wanted, an integer in `[1, min(m, n)]`
   * @throws RangeError for a `k`, `oversamples` or `seed` out of range
   */
  constructor(a: CsrMatrix | DenseMatrix, k: number, options: RandomizedSvdOptions = {}) {
    const csr = CsrMatrix.is(a) ? a : CsrMatrix.fromDense(a);
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
    const wasm = options.wasm ?? true;
    const threads = options.threads ?? chooseThreads(2 * csr.nnz * (k + oversamples), wasm);
    if (threads !== 1 && threads !== 2) {
      throw new RangeError(`RandomizedSvd: threads must be 1 or 2, got ${String(threads)}`);
    }
    this.transposed = csr.rows < csr.cols;
    this.k = k;
    this.width = k + oversamples;
    this.work = new BlockWorkspace(csr, this.transposed, this.width, wasm, k, threads);
    this.x = this.work.x;
    let sq = 0;
    let big = 0;
    for (let p = 0; p < csr.data.length; p++) {
      sq += csr.data[p] * csr.data[p];
      big = Math.max(big, Math.abs(csr.data[p]));
    }
    this.squaredNorm = sq;
    // A power of two, so scaling by it is exact: Aᵀ·A·Ω is formed as Aᵀ·(A·Ω·unit) ≈ σ₁²/max|aᵢⱼ|,
    // which neither overflows nor underflows for any representable A.
    this.unit =
      big > 0 && Number.isFinite(big) ? 2 ** -Math.max(-1000, Math.min(1000, Math.floor(Math.log2(big)))) : 1;
    // Drawn row by row as numpy's `normal(size=(n, k + p))`.
    random.fillNormal(this.work.qn);
    this.qm = this.work.qm;
    this.scratch = this.work.scratch;
    this.dense = this.work.dense;
  }

  /**
   * One power iteration. Returns ‖A − Aₖ‖²_F for the best rank-`k` approximation of `A` within the basis
   * this iteration found, `‖A‖² − Σᵢ≤ₖ σᵢ²(QᵀA)` with `Q` the orthonormalised `A·Ω`: `Y = A·Ω = Q·R₁`
   * and `Z = Aᵀ·Y = Q'·R₂` give `AᵀQ = Q'·(R₂·R₁⁻¹)`, so the loss costs one Gram pass over `Y` and an SVD
   * of `width × width` on top of {@link iterate}.
   */
  step(): number {
    this.checkBasis('step');
    const { x, width, qm } = this;
    this.multiplyLeft();
    const r1 = new Float64Array(width * width);
    const inv1 = new Float64Array(width * width);
    if (!choleskyQrFactor(qm, x.rows, width, r1, inv1, this.dense)) {
      // Y is rank-deficient or badly conditioned: orthonormalise it explicitly, so R₁ = I.
      choleskyQr(qm, x.rows, width, 1, this.scratch, null, true, this.dense);
      inv1.fill(0);
      for (let c = 0; c < width; c++) inv1[c * width + c] = 1;
    }
    const r2 = new Float64Array(width * width);
    this.normalizeRight(r2);
    const factor = new DenseMatrix(width, width);
    upperProduct(r2, inv1, width, factor.data);
    const sigma = singularValues(factor);
    let captured = 0;
    for (let c = 0; c < this.k; c++) captured += sigma[c] * sigma[c];
    return Math.max(0, this.squaredNorm - captured);
  }

  /**
   * One power iteration without the loss: `Ω ← orth(Aᵀ·A·Ω)`. The basis is normalised once per `AᵀA`
   * product rather than after each of `A` and `Aᵀ` (scikit-learn normalises after both, with LU, or not
   * at all with `power_iteration_normalizer='none'`): the rounding this lets through is relative to `σ₁²`,
   * so only directions with `σ < √ε·σ₁` (≈ 1e-8·σ₁) are at risk, far below what a truncated SVD keeps.
   */
  iterate(): void {
    this.checkBasis('iterate');
    this.multiplyLeft();
    this.normalizeRight(null);
  }

  /** Whether `result({ last: true })` has overwritten the basis. */
  private spent = false;

  private checkBasis(call: string): void {
    if (this.spent) {
      throw new Error(
        `RandomizedSvd: ${call}() after result({ last: true }), which overwrote the basis; ask for results without last to keep iterating`,
      );
    }
  }

  /** `qm = A·Ω·unit`. */
  private multiplyLeft(): void {
    this.work.timesX(this.unit);
  }

  /** `Ω ← orth(Aᵀ·qm)`, `Aᵀ·qm = Ω·R` (`R` into `factor` when given). */
  private normalizeRight(factor: Float64Array | null): void {
    this.work.transposeTimesQm();
    choleskyQr(this.work.qn, this.x.cols, this.width, 1, this.scratch, factor, true, this.dense);
  }

  /** Whether the sparse products run on two threads. */
  get threads(): 1 | 2 {
    return this.work.threads;
  }

  /**
   * Lets the second thread drop this SVD's memory; later steps run on one thread (same bits). Optional:
   * an SVD no longer referenced is released when collected.
   */
  close(): void {
    this.work.close();
  }

  /**
   * The truncated SVD from the current basis: `U: m × k`, `s: k` (largest first), `Vt: k × n`, signs as
   * `svd_flip`. Does not change the state, so it may be called at any point — unless `last` is true: the
   * result is then computed over the basis instead of beside a copy of it (one `cols × width` block of
   * doubles less at the SVD's peak, same bits), and the SVD is spent: it is closed, its WebAssembly
   * memory is given back for the next engine of the process to reuse, and a later `step`, `iterate` or
   * `result` throws. {@link randomizedSvd} asks for its one result so.
   * @throws Error when an earlier `result({ last: true })` spent the basis
   */
  result(options: { readonly last?: boolean } = {}): SvdResult {
    this.checkBasis('result');
    const { x, width, k, scratch, qm, dense } = this;
    const qn = this.work.qn;
    // The products write into the workspace's blocks: qm is scratch, qn (the state) is kept aside unless
    // this is the last use of it.
    const state = options.last === true ? null : qn.slice();
    if (state === null) this.spent = true;
    // Neither orthonormalisation keeps a copy of its block in the scratch: a failed second pass remakes
    // the block by its product instead (qn still holds the state, qm the basis), and the final products
    // are written over their inputs — the scratch, `max(m, n) × width` doubles, is never touched.
    this.work.timesX();
    choleskyQr(qm, x.rows, width, 2, scratch, null, true, dense, () => this.work.timesX());
    this.work.transposeTimesQm();
    const small = smallSvd(qn, x.cols, width, k, scratch, dense, () => this.work.transposeTimesQm());
    if (state !== null) qn.set(state);
    const r = small.s.length;
    // U of x = Q · Û, truncated to k columns (Û's leading k columns as a width × k matrix), computed over
    // Q (qm is the products' scratch) and copied out.
    const uh = small.U.data;
    const uk = new Float64Array(width * k);
    for (let t = 0; t < width; t++) for (let c = 0; c < k; c++) uk[t * k + c] = uh[t * r + c];
    const ux = timesInPlace(dense, x.rows, width, k, qm, uk).slice();
    const s = small.s.slice(0, k);
    const vx = small.Vt.data;
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
    // Everything above is copied out: a spent SVD's memory goes to the next engine (the NMF's, after
    // the nndsvd* start) instead of waiting for a collection beside it.
    if (state === null) this.work.release();
    return { U, s, Vt };
  }
}

/**
 * The SVD of the small `B = Qᵀ·A` (`width × n`) from `Bᵀ: n × width` (row-major, overwritten): `U` is
 * `width × width`, `s` has `width` values and `Vt` keeps only the leading `k` rows (`k × n`). `Bᵀ` is
 * first factored `Q₂·R` by Cholesky QR, so the exact SVD runs on the `width × width` `Rᵀ = Û·Σ·V̂ᵀ`
 * (`B = Û·Σ·(Q₂·V̂)ᵀ`) and the long side is only streamed a few times. Short or rank-deficient `Bᵀ` goes
 * through {@link thinSvd} instead, on `Bᵀ` as `remake` rewrites it. Signs are not fixed here.
 */
function smallSvd(
  bt: Float64Array,
  n: number,
  width: number,
  k: number,
  scratch: Float64Array,
  dense: DenseOps,
  remake: () => void,
): SvdResult {
  if (n < 2 * width) {
    const full = thinSvd(new DenseMatrix(n, width, bt).transpose());
    return { U: full.U, s: full.s, Vt: new DenseMatrix(k, n, full.Vt.data.subarray(0, k * n)) };
  }
  const R = new Float64Array(width * width);
  if (!choleskyQr(bt, n, width, 2, scratch, R, false, dense, remake)) {
    const full = thinSvd(new DenseMatrix(n, width, bt).transpose());
    return { U: full.U, s: full.s, Vt: new DenseMatrix(k, n, full.Vt.data.subarray(0, k * n)) };
  }
  const rt = new DenseMatrix(width, width);
  for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) rt.data[i * width + j] = R[j * width + i];
  const core = thinSvd(rt);
  // Vt = V̂ᵀ·Q₂ᵀ, leading k rows: Vtᵀ = Q₂·V̂[:, :k] (n × k, over Q₂), then transposed.
  const vh = core.Vt.data;
  const vk = new Float64Array(width * k);
  for (let t = 0; t < width; t++) for (let c = 0; c < k; c++) vk[t * k + c] = vh[c * width + t];
  const product = timesInPlace(dense, n, width, k, bt, vk);
  const vt = new Float64Array(k * n);
  for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) vt[c * n + j] = product[j * k + c];
  return { U: core.U, s: core.s, Vt: new DenseMatrix(k, n, vt) };
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
  try {
    for (let i = 0; i < iterations; i++) svd.iterate();
    return svd.result({ last: true });
  } finally {
    svd.close();
  }
}

/** scikit-learn's `n_iter='auto'`: 7 when `k < 0.1 · min(m, n)`, else 4. */
export function autoIterations(k: number, rows: number, cols: number): number {
  return k < 0.1 * Math.min(rows, cols) ? 7 : 4;
}
