import { type DocTermMatrix, describeValue, RivuletError } from '@rivulet/core';
import { CsrMatrix, DenseMatrix, Random } from '@rivulet/linalg';
import {
  columnGram,
  dot,
  EPSILON,
  multiply,
  relativeDifference,
  rowGram,
  sparseTimesHt,
  wtTimesSparse,
} from './minibatchKernels.js';
import { type OnlineNmfOptions, type OnlineNmfSettings, onlineNmfSettings } from './OnlineNmfOptions.js';

/** What one step reports. */
export interface StepOutcome {
  /** scikit-learn's batch cost: ½‖X_b − W_b·H‖²_F / rows, H taken before its update. */
  readonly cost: number;
  /** The same residual as core's loss convention: ‖X_b − W_b·H‖_F. */
  readonly loss: number;
}

/**
 * Online NMF by mini-batches (Mairal et al. 2010, "Online learning for matrix factorization and sparse
 * coding"; Lefèvre, Bimbot & Vincent 2011, "Online algorithms for nonnegative matrix factorization with
 * the Itakura–Saito divergence"), step for step as scikit-learn 1.2's `MiniBatchNMF` with the Frobenius
 * loss: per batch X_b (rows × terms), W_b gets one multiplicative update (or is solved afresh), then H
 * (components × terms) is the ratio of running sums A ← ρA + (W_bᵀX_b)∘H and B ← ρB + W_bᵀW_b·H, where ρ
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

  constructor(options: OnlineNmfOptions, stage = 'onlineNmf') {
    this.stage = stage;
    this.settings = onlineNmfSettings(stage, options);
    this.k = this.settings.components;
    this.HHt = new Float64Array(this.k * this.k);
    this.WtW = new Float64Array(this.k * this.k);
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
   * @return the batch's residual ‖X_b − W_b·H‖_F (H before this update)
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
    const { data, indptr, indices } = X;
    for (let p = 0; p < data.length; p++) {
      const v = data[p];
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
    const { k, m, H, XHt, HHt, WtW, WtX, WtWH, A, B } = this;
    const { indptr, indices, data } = X;
    let w: Float64Array;
    if (W === null || this.settings.freshRestarts) {
      w = this.Wfresh;
      this.solveW(X, offset, rows, this.settings.freshRestartsMaxIter, w);
    } else {
      w = W;
      sparseTimesHt(rows, indptr, indices, data, offset, H, k, m, XHt);
      rowGram(H, k, m, HHt);
      this.updateW(w, rows);
    }
    // The cost needs X·Hᵀ for the H before its update; a fresh solve left it in XHt as well.
    let normX = 0;
    for (let p = indptr[offset]; p < indptr[offset + rows]; p++) normX += data[p] * data[p];
    columnGram(w, rows, k, WtW);
    multiply(WtW, k, k, H, m, WtWH);
    const half = (normX + dot(WtWH, H, k * m) - 2 * dot(XHt, w, rows * k)) / 2;
    const cost = half / rows;
    wtTimesSparse(rows, indptr, indices, data, offset, w, k, m, WtX);
    for (let p = 0; p < k * m; p++) {
      const denominator = WtWH[p] === 0 ? EPSILON : WtWH[p];
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
    const { k, m, H, XHt, HHt } = this;
    if (XHt.length < rows * k) this.prepare(X, rows);
    const { indptr, indices, data } = X;
    let sum = 0;
    for (let p = indptr[offset]; p < indptr[offset + rows]; p++) sum += data[p];
    const avg = Math.sqrt(sum / (rows * m) / k);
    const n = rows * k;
    out.fill(avg, 0, n);
    const buffer = this.Wbuffer;
    buffer.set(out.subarray(0, n));
    sparseTimesHt(rows, indptr, indices, data, offset, H, k, m, this.XHt);
    rowGram(H, k, m, HHt);
    const tol = this.settings.tol;
    for (let iteration = 0; iteration < maxIter; iteration++) {
      this.updateW(out, rows);
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
    const { k, XHt, HHt, WHHt } = this;
    multiply(W, rows, k, HHt, k, WHHt);
    for (let p = 0; p < rows * k; p++) {
      const denominator = WHHt[p] === 0 ? EPSILON : WHHt[p];
      W[p] *= XHt[p] / denominator;
    }
  }

  /**
   * ‖X − W·H‖_F over a whole matrix (scikit-learn's `reconstruction_err_`), without forming W·H:
   * ‖X‖² − 2⟨XHᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩.
   * @internal
   */
  loss(X: CsrMatrix, W: Float64Array): number {
    const { k, m, H, HHt, WtW } = this;
    const XHt = new Float64Array(X.rows * k);
    sparseTimesHt(X.rows, X.indptr, X.indices, X.data, 0, H, k, m, XHt);
    rowGram(H, k, m, HHt);
    columnGram(W, X.rows, k, WtW);
    const normX = dot(X.data, X.data, X.data.length);
    const squared = normX - 2 * dot(XHt, W, X.rows * k) + dot(WtW, HHt, k * k);
    return Math.sqrt(Math.max(0, squared));
  }
}
