import { type DocTermMatrix, describeValue, RivuletError } from '@rivulet/core';
import { CsrMatrix, DenseMatrix, ddot, gemm, gram, gramRows, Random } from '@rivulet/linalg';
import { checkCsrStructure } from '../checkCsrStructure.js';
import { checkFactorMemory } from '../checkFactorMemory.js';
import { checkMagnitude } from '../checkMagnitude.js';
import {
  EPSILON,
  productRow,
  relativeDifference,
  sampledProduct,
  sparseTimesHt,
  wtTimesSparse,
} from './minibatchKernels.js';
import { type OnlineNmfOptions, type OnlineNmfSettings, onlineNmfSettings } from './OnlineNmfOptions.js';

/** float64 machine epsilon: below it scikit-learn zeroes factors for β ≤ 1, for stability. */
const EPSILON64 = 2.220446049250313e-16;

/** What one step reports. */
export interface StepOutcome {
  /**
   * scikit-learn's batch cost: (D_β(X_b ‖ W_b·H) + the regularisation terms) / rows, with D_2 = ½‖X_b − W_b·H‖²_F
   * and H before its update. It drives the convergence test.
   */
  readonly cost: number;
  /** The divergence alone in core's loss convention: √(2·D_β), ‖X_b − W_b·H‖_F for Frobenius. */
  readonly loss: number;
}

/**
 * Online NMF by mini-batches (Mairal et al. 2010, "Online learning for matrix factorization and sparse
 * coding"; Lefèvre, Bimbot & Vincent 2011, "Online algorithms for nonnegative matrix factorization with
 * the Itakura–Saito divergence"), step for step as scikit-learn 1.2's `MiniBatchNMF`: per batch X_b
 * (rows × terms), W_b gets one multiplicative update (or is solved afresh), then H (components × terms) is
 * the ratio of running sums A ← ρA + (W_bᵀX_b)∘H and B ← ρB + W_bᵀW_b·H (Frobenius; for other
 * β-divergences the Févotte & Idier 2011 numerator and denominator, with their exponent γ), where ρ
 * forgets the past. Only H and those sums are kept, so memory does not grow with the number of rows seen.
 *
 * @example
 * ```ts
 * import { OnlineNmf } from '@rivulet/decomposition';
 * const model = new OnlineNmf({ components: 10 });
 * for (const batch of batches) model.partialFit(batch); // DocTermMatrix or CsrMatrix, same columns
 * const H = model.components; // 10 × terms
 * ```
 */
export class OnlineNmf {
  readonly settings: OnlineNmfSettings;
  /** Steps taken so far. */
  steps = 0;
  private readonly stage: string;
  private k: number;
  private m = -1;
  private H = new Float64Array(0);
  private A = new Float64Array(0);
  private B = new Float64Array(0);
  private XHt = new Float64Array(0);
  private WHHt = new Float64Array(0);
  private Wfresh = new Float64Array(0);
  private Wbuffer = new Float64Array(0);
  private readonly HHt: Float64Array;
  private readonly WtW: Float64Array;
  private WtX = new Float64Array(0);
  private WtWH = new Float64Array(0);
  /** β ≠ 2: a value per stored entry of the batch, and one row of W·H. */
  private ratio = new Float64Array(0);
  private productBuffer = new Float64Array(0);
  private readonly sums: Float64Array;
  /** scikit-learn's scaled penalties of the current batch (`_compute_regularization`). */
  private l1W = 0;
  private l2W = 0;
  private l1H = 0;
  private l2H = 0;

  constructor(options: OnlineNmfOptions, stage = 'onlineNmf') {
    this.stage = stage;
    this.settings = onlineNmfSettings(stage, options);
    this.k = this.settings.components;
    this.HHt = new Float64Array(this.k * this.k);
    this.WtW = new Float64Array(this.k * this.k);
    this.sums = new Float64Array(this.k);
  }

  /** The number of terms (columns), known once the first batch arrived; −1 before. */
  get columns(): number {
    return this.m;
  }

  /**
   * H itself (not a copy), for the training loops that compare it between steps.
   * @internal
   */
  liveH(): Float64Array {
    return this.H;
  }

  /** H so far, components × terms (a copy). */
  get components(): DenseMatrix {
    this.requireFitted();
    return new DenseMatrix(this.k, this.m, this.H.slice());
  }

  /**
   * Updates H with one batch, as scikit-learn's `partial_fit`: W of the batch is solved from scratch
   * (`freshRestartsMaxIter` iterations) and the running sums forget by `forgetFactor`.
   * @return the batch loss ‖X_b − W_b·H‖_F (√(2·D_β) for other β), H before this update
   */
  partialFit(batch: CsrMatrix | DocTermMatrix): number {
    const X = this.check(batch);
    this.prepare(X, X.rows);
    return this.step(X, 0, X.rows, null, this.settings.forgetFactor).loss;
  }

  /** W for new rows with H fixed (scikit-learn's `transform`): documents × components. */
  transform(matrix: CsrMatrix | DocTermMatrix): DenseMatrix {
    const X = this.check(matrix);
    this.requireFitted();
    const out = new Float64Array(X.rows * this.k);
    this.solveW(X, 0, X.rows, this.settings.transformMaxIter, out);
    return new DenseMatrix(X.rows, this.k, out);
  }

  /**
   * Checks a batch: a CSR matrix (or a DocTermMatrix) of finite non-negative values whose column count
   * matches the batches before it.
   * @internal
   */
  check(batch: CsrMatrix | DocTermMatrix): CsrMatrix {
    const X = batch instanceof CsrMatrix ? batch : batch?.matrix;
    if (!(X instanceof CsrMatrix)) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `a batch must be a CsrMatrix or a DocTermMatrix, got ${describeValue(batch)}`,
        { parameter: 'batch' },
      );
    }
    if (this.m >= 0 && X.cols !== this.m) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `every batch must have the ${this.m} columns of the first one, got ${X.cols} (hash or vectorize all batches alike)`,
        { parameter: 'batch' },
      );
    }
    if (X.cols === 0) {
      throw new RivuletError('empty-input', this.stage, 'a batch has no columns', { parameter: 'batch' });
    }
    checkCsrStructure(X, this.stage, 'batch');
    const { data, indptr, indices } = X;
    let largest = 0;
    for (let p = 0; p < data.length; p++) {
      const v = data[p];
      if (v > largest) largest = v;
      if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
        let row = 0;
        while (indptr[row + 1] <= p) row++;
        throw new RivuletError(
          'invalid-input',
          this.stage,
          `values must be finite and ≥ 0, got ${describeValue(v)} at row ${row}, column ${indices[p]}${v < 0 ? ' (a hashing vectorizer needs alternateSign: false for NMF)' : ''}`,
          { parameter: 'batch' },
        );
      }
    }
    checkMagnitude(largest, this.stage, 'batch', true);
    if (this.settings.beta <= 0 && (X.nnz < X.rows * X.cols || X.data.includes(0))) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `betaLoss ${this.settings.beta} (≤ 0) needs data without zeros, got ${X.rows * X.cols - X.nnz} zero entries or more (as scikit-learn, which would diverge)`,
        { parameter: 'batch' },
      );
    }
    return X;
  }

  /**
   * Sets H from the init on the first batch and sizes the scratch buffers for `rows`-row steps.
   * @return W for the whole of `X` when the init gives or draws one (finite-matrix training), else null
   * @internal
   */
  prepare(X: CsrMatrix, rows: number): Float64Array | null {
    const { k } = this;
    let W: Float64Array | null = null;
    if (this.m < 0) {
      const m = X.cols;
      // H, its two running statistics and two update terms (k × terms each), and W of the rows given.
      checkFactorMemory(
        this.stage,
        5 * k * m + X.rows * k,
        `H (${k} × ${m}) with its statistics and W (${X.rows} × ${k})`,
        'lower components, or hash into fewer features (nFeatures)',
      );
      const init = this.settings.init;
      if (init === 'random') {
        // scikit-learn's random init: |N(0, 1)|·√(mean(X)/k), H drawn first, then W.
        let sum = 0;
        for (let p = 0; p < X.data.length; p++) sum += X.data[p];
        const avg = Math.sqrt(sum / (X.rows * m) / k);
        const rng = new Random(this.settings.seed);
        this.H = new Float64Array(k * m);
        for (let p = 0; p < k * m; p++) this.H[p] = Math.abs(avg * rng.normal());
        W = new Float64Array(X.rows * k);
        for (let p = 0; p < W.length; p++) W[p] = Math.abs(avg * rng.normal());
      } else {
        if (init.H.rows !== k || init.H.cols !== m) {
          throw new RivuletError(
            'invalid-option',
            this.stage,
            `init.H must be components × terms = ${k} × ${m}, got ${init.H.rows} × ${init.H.cols}`,
            { parameter: 'init.H' },
          );
        }
        this.H = init.H.data.slice();
        if (init.W !== undefined) {
          if (init.W.rows !== X.rows || init.W.cols !== k) {
            throw new RivuletError(
              'invalid-option',
              this.stage,
              `init.W must be documents × components = ${X.rows} × ${k}, got ${init.W.rows} × ${init.W.cols}`,
              { parameter: 'init.W' },
            );
          }
          W = init.W.data.slice();
        }
        for (const [name, values] of [
          ['init.H', this.H],
          ['init.W', W ?? new Float64Array(0)],
        ] as const) {
          for (let p = 0; p < values.length; p++) {
            if (!(values[p] >= 0) || values[p] === Number.POSITIVE_INFINITY) {
              throw new RivuletError(
                'invalid-option',
                this.stage,
                `${name} must hold finite values ≥ 0, got ${describeValue(values[p])}`,
                { parameter: name },
              );
            }
          }
        }
      }
      this.m = m;
      this.A = this.H.slice();
      this.B = new Float64Array(k * m).fill(1);
      this.WtX = new Float64Array(k * m);
      this.WtWH = new Float64Array(k * m);
      this.productBuffer = new Float64Array(m);
    }
    if (this.XHt.length < rows * k) {
      this.XHt = new Float64Array(rows * k);
      this.WHHt = new Float64Array(rows * k);
      this.Wfresh = new Float64Array(rows * k);
      this.Wbuffer = new Float64Array(rows * k);
    }
    return W;
  }

  /**
   * One mini-batch step on rows [offset, offset + rows) of X (scikit-learn's `_minibatch_step`).
   * @param W the batch's rows of W (rows × k), updated in place; null to solve them afresh
   * @param rho the forgetting weight of the running sums
   * @internal
   */
  step(X: CsrMatrix, offset: number, rows: number, W: Float64Array | null, rho: number): StepOutcome {
    this.regularize(rows);
    if (this.settings.beta !== 2) return this.stepBeta(X, offset, rows, W, rho);
    const { k, m, H, XHt, HHt, WtW, WtX, WtWH, A, B, l1H, l2H } = this;
    const { indptr, indices, data } = X;
    let w: Float64Array;
    if (W === null || this.settings.freshRestarts) {
      w = this.Wfresh;
      this.solveW(X, offset, rows, this.settings.freshRestartsMaxIter, w);
    } else {
      w = W;
      sparseTimesHt(rows, indptr, indices, data, 0, offset, H, k, m, XHt);
      gramRows(k, m, H, HHt);
      this.updateW(w, rows);
    }
    // The cost needs X·Hᵀ for the H before its update; a fresh solve left it in XHt as well.
    let normX = 0;
    for (let p = indptr[offset]; p < indptr[offset + rows]; p++) normX += data[p] * data[p];
    gram(rows, k, w, WtW);
    gemm(k, k, m, WtW, H, WtWH);
    const half = (normX + ddot(k * m, WtWH, H) - 2 * ddot(rows * k, XHt, w)) / 2;
    const cost = (half + this.penalty(w, rows)) / rows;
    wtTimesSparse(rows, indptr, indices, data, 0, offset, w, k, m, WtX);
    for (let p = 0; p < k * m; p++) {
      let denominator = WtWH[p];
      if (l1H > 0) denominator += l1H;
      if (l2H > 0) denominator = denominator + l2H * H[p];
      if (denominator === 0) denominator = EPSILON;
      A[p] = A[p] * rho + WtX[p] * H[p];
      B[p] = B[p] * rho + denominator;
      H[p] = A[p] / B[p];
    }
    this.steps++;
    return { cost, loss: Math.sqrt(Math.max(0, 2 * half)) };
  }

  /**
   * W for rows [offset, offset + rows) with H fixed, from scikit-learn's flat start √(mean(X_b)/k), by up to
   * `maxIter` multiplicative updates, stopping when ‖ΔW‖/‖W‖ ≤ tol (`_solve_W`). Leaves X·Hᵀ in `XHt`.
   * @internal
   */
  solveW(X: CsrMatrix, offset: number, rows: number, maxIter: number, out: Float64Array): void {
    this.regularize(rows);
    const { k, m, H, XHt, HHt } = this;
    if (XHt.length < rows * k) this.prepare(X, rows);
    const beta = this.settings.beta;
    const { indptr, indices, data } = X;
    let sum = 0;
    for (let p = indptr[offset]; p < indptr[offset + rows]; p++) sum += data[p];
    const avg = Math.sqrt(sum / (rows * m) / k);
    const n = rows * k;
    out.fill(avg, 0, n);
    const buffer = this.Wbuffer;
    buffer.set(out.subarray(0, n));
    if (beta === 2) {
      sparseTimesHt(rows, indptr, indices, data, 0, offset, H, k, m, this.XHt);
      gramRows(k, m, H, HHt);
    }
    const tol = this.settings.tol;
    for (let iteration = 0; iteration < maxIter; iteration++) {
      if (beta === 2) this.updateW(out, rows);
      else this.updateWBeta(X, offset, rows, out);
      if (tol > 0 && relativeDifference(out, buffer, n) <= tol) break;
      buffer.set(out.subarray(0, n));
    }
  }

  private requireFitted(): void {
    if (this.m < 0) {
      throw new RivuletError('empty-input', this.stage, 'no batch has been seen yet, so there is no H');
    }
  }

  /** One multiplicative update of W (rows × k) from `XHt` and `HHt`: W ∘= XHᵀ / (W·HHᵀ). */
  private updateW(W: Float64Array, rows: number): void {
    const { k, XHt, HHt, WHHt, l1W, l2W } = this;
    gemm(rows, k, k, W, HHt, WHHt);
    for (let p = 0; p < rows * k; p++) {
      let denominator = WHHt[p];
      if (l1W > 0) denominator += l1W;
      if (l2W > 0) denominator = denominator + l2W * W[p];
      if (denominator === 0) denominator = EPSILON;
      W[p] *= XHt[p] / denominator;
    }
  }

  /** Sets the penalties for a batch of `rows` rows: W's scale with the terms, H's with the rows. */
  private regularize(rows: number): void {
    const { alphaW, alphaH, l1Ratio } = this.settings;
    this.l1W = this.m * alphaW * l1Ratio;
    this.l2W = this.m * alphaW * (1 - l1Ratio);
    this.l1H = rows * alphaH * l1Ratio;
    this.l2H = rows * alphaH * (1 - l1Ratio);
  }

  /** The regularisation terms of scikit-learn's batch cost, for the batch's W and the H before its update. */
  private penalty(w: Float64Array, rows: number): number {
    const { H, l1W, l2W, l1H, l2H } = this;
    if (l1W === 0 && l2W === 0 && l1H === 0 && l2H === 0) return 0;
    let sumW = 0;
    let sumW2 = 0;
    for (let p = 0; p < rows * this.k; p++) {
      sumW += w[p];
      sumW2 += w[p] * w[p];
    }
    let sumH = 0;
    let sumH2 = 0;
    for (let p = 0; p < H.length; p++) {
      sumH += H[p];
      sumH2 += H[p] * H[p];
    }
    return l1W * sumW + l1H * sumH + l2W * sumW2 + l2H * sumH2;
  }

  /**
   * ‖X − W·H‖_F over a whole matrix (scikit-learn's `reconstruction_err_`), without forming W·H:
   * ‖X‖² − 2⟨XHᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩.
   * @internal
   */
  loss(X: CsrMatrix, W: Float64Array): number {
    if (this.settings.beta !== 2) {
      return Math.sqrt(2 * Math.max(0, this.divergence(X, 0, X.rows, W)));
    }
    const { k, m, H, HHt, WtW } = this;
    const XHt = new Float64Array(X.rows * k);
    sparseTimesHt(X.rows, X.indptr, X.indices, X.data, 0, 0, H, k, m, XHt);
    gramRows(k, m, H, HHt);
    gram(X.rows, k, W, WtW);
    const normX = ddot(X.data.length, X.data, X.data);
    const squared = normX - 2 * ddot(X.rows * k, XHt, W) + ddot(k * k, WtW, HHt);
    return Math.sqrt(Math.max(0, squared));
  }

  /**
   * One step for β ≠ 2 (scikit-learn's `_minibatch_step` with `_multiplicative_update_w/_h` and the
   * online H update): the same order, with the Févotte & Idier (2011) exponent γ.
   */
  private stepBeta(
    X: CsrMatrix,
    offset: number,
    rows: number,
    W: Float64Array | null,
    rho: number,
  ): StepOutcome {
    const { k, m, H, A, B, sums } = this;
    const { beta, gamma } = this.settings;
    let w: Float64Array;
    if (W === null || this.settings.freshRestarts) {
      w = this.Wfresh;
      this.solveW(X, offset, rows, this.settings.freshRestartsMaxIter, w);
    } else {
      w = W;
      this.updateWBeta(X, offset, rows, w);
    }
    if (beta < 1) for (let p = 0; p < rows * k; p++) if (w[p] < EPSILON64) w[p] = 0;
    const divergence = this.divergence(X, offset, rows, w);
    const cost = (divergence + this.penalty(w, rows)) / rows;
    const { l1H, l2H } = this;
    // Numerator Wᵀ·(X ∘ (W·H)^(β−2)) and denominator, on the updated W and the H before its update.
    const { indptr, indices } = X;
    const ratio = this.sampledRatio(X, offset, rows, w);
    const numerator = this.WtX;
    const denominator = this.WtWH;
    wtTimesSparse(rows, indptr, indices, ratio, indptr[offset], offset, w, k, m, numerator);
    if (beta === 1) {
      sums.fill(0);
      for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) sums[c] += w[i * k + c];
      for (let c = 0; c < k; c++) denominator.fill(sums[c] === 0 ? 1 : sums[c], c * m, (c + 1) * m);
    } else {
      denominator.fill(0);
      const row = this.productBuffer;
      for (let i = 0; i < rows; i++) {
        productRow(w, i, H, k, m, row);
        for (let j = 0; j < m; j++) {
          const v = beta < 1 && row[j] === 0 ? EPSILON : row[j];
          row[j] = v ** (beta - 1);
        }
        for (let c = 0; c < k; c++) {
          const wic = w[i * k + c];
          for (let j = 0; j < m; j++) denominator[c * m + j] += wic * row[j];
        }
      }
    }
    for (let p = 0; p < k * m; p++) {
      let d = denominator[p];
      if (l1H > 0) d += l1H;
      if (l2H > 0) d = d + l2H * H[p];
      if (d === 0) d = EPSILON;
      if (gamma !== 1) H[p] **= 1 / gamma;
      A[p] = A[p] * rho + numerator[p] * H[p];
      B[p] = B[p] * rho + d;
      H[p] = A[p] / B[p];
      if (gamma !== 1) H[p] **= gamma;
      if (beta <= 1 && H[p] < EPSILON64) H[p] = 0;
    }
    this.steps++;
    return { cost, loss: Math.sqrt(2 * Math.max(0, divergence)) };
  }

  /**
   * X ∘ (W·H)^(β−2) on X's stored entries of the batch (zeros of W·H replaced by float32 epsilon for
   * β < 2), in the shared `ratio` buffer aligned with the batch's entries.
   */
  private sampledRatio(X: CsrMatrix, offset: number, rows: number, w: Float64Array): Float64Array {
    const { indptr, indices, data } = X;
    const base = indptr[offset];
    const nnz = indptr[offset + rows] - base;
    if (this.ratio.length < nnz) this.ratio = new Float64Array(nnz);
    const ratio = this.ratio;
    const beta = this.settings.beta;
    sampledProduct(rows, indptr, indices, offset, w, this.H, this.k, this.m, ratio);
    for (let q = 0; q < nnz; q++) {
      const wh = beta < 2 && ratio[q] === 0 ? EPSILON : ratio[q];
      const x = data[base + q];
      ratio[q] = beta === 1 ? x / wh : beta === 0 ? x * (1 / wh) ** 2 : wh ** (beta - 2) * x;
    }
    return ratio;
  }

  /** One multiplicative update of W (rows × k) for β ≠ 2, with H fixed. */
  private updateWBeta(X: CsrMatrix, offset: number, rows: number, w: Float64Array): void {
    const { k, m, H, sums } = this;
    const { beta, gamma } = this.settings;
    const { indptr, indices } = X;
    const ratio = this.sampledRatio(X, offset, rows, w);
    const numerator = this.XHt;
    const denominator = this.WHHt;
    sparseTimesHt(rows, indptr, indices, ratio, indptr[offset], offset, H, k, m, numerator);
    if (beta === 1) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += H[c * m + j];
        sums[c] = s;
      }
      for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) denominator[i * k + c] = sums[c];
    } else {
      const row = this.productBuffer;
      for (let i = 0; i < rows; i++) {
        productRow(w, i, H, k, m, row);
        for (let j = 0; j < m; j++) {
          const v = beta < 1 && row[j] === 0 ? EPSILON : row[j];
          row[j] = v ** (beta - 1);
        }
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += row[j] * H[c * m + j];
          denominator[i * k + c] = s;
        }
      }
    }
    const { l1W, l2W } = this;
    for (let p = 0; p < rows * k; p++) {
      let d = denominator[p];
      if (l1W > 0) d += l1W;
      if (l2W > 0) d = d + l2W * w[p];
      let delta = numerator[p] / (d === 0 ? EPSILON : d);
      if (gamma !== 1) delta **= gamma;
      w[p] *= delta;
    }
  }

  /**
   * D_β(X_b ‖ W_b·H) for β ≠ 2, as scikit-learn's `_beta_divergence` on sparse data: entries of X below
   * float32 epsilon are left out of the sums over X, zeros of W·H are replaced by epsilon.
   */
  private divergence(X: CsrMatrix, offset: number, rows: number, w: Float64Array): number {
    const { k, m, H, sums } = this;
    const beta = this.settings.beta;
    const { indptr, indices, data } = X;
    const base = indptr[offset];
    const nnz = indptr[offset + rows] - base;
    if (this.ratio.length < nnz) this.ratio = new Float64Array(nnz);
    const wh = this.ratio;
    sampledProduct(rows, indptr, indices, offset, w, H, k, m, wh);
    let sumX = 0;
    let res = 0;
    if (beta === 1) {
      for (let q = 0; q < nnz; q++) {
        const x = data[base + q];
        if (!(x > EPSILON)) continue;
        const v = wh[q] === 0 ? EPSILON : wh[q];
        res += x * Math.log(x / v);
        sumX += x;
      }
      sums.fill(0);
      for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) sums[c] += w[i * k + c];
      let sumWH = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += H[c * m + j];
        sumWH += sums[c] * s;
      }
      return res + sumWH - sumX;
    }
    if (beta === 0) {
      for (let q = 0; q < nnz; q++) {
        const x = data[base + q];
        if (!(x > EPSILON)) continue;
        const ratio = x / (wh[q] === 0 ? EPSILON : wh[q]);
        res += ratio - Math.log(ratio);
      }
      return res - rows * m;
    }
    let sumXBeta = 0;
    let sumXWH = 0;
    for (let q = 0; q < nnz; q++) {
      const x = data[base + q];
      if (!(x > EPSILON)) continue;
      const v = wh[q] === 0 ? EPSILON : wh[q];
      sumXBeta += x ** beta;
      sumXWH += x * v ** (beta - 1);
    }
    let sumWHBeta = 0;
    const row = this.productBuffer;
    for (let i = 0; i < rows; i++) {
      productRow(w, i, H, k, m, row);
      for (let j = 0; j < m; j++) sumWHBeta += row[j] ** beta;
    }
    return (sumXBeta - beta * sumXWH + sumWHBeta * (beta - 1)) / (beta * (beta - 1));
  }
}
