import { type DocTermMatrix, describeValue, RivuletError } from '@rivulet/core';
import {
  CsrMatrix,
  colSums,
  csrMulDense,
  csrSampledDot,
  csrTransposeMulDense,
  DenseMatrix,
  ddot,
  gemm,
  gram,
  rowSums,
  syrk,
  tileCols,
  tileRows,
  transpose,
  zeroBelow,
} from '@rivulet/linalg';
import { checkCsrStructure } from '../checkCsrStructure.js';
import { checkFactorMemory } from '../checkFactorMemory.js';
import { checkMagnitude } from '../checkMagnitude.js';
import { OnlineKernels } from '../fast/onlineWasm.js';
import { checkCustomInit } from '../init/checkCustomInit.js';
import { randomInit } from '../init/randomInit.js';
import { betaDenominatorH } from '../kernels/betaDenominatorH.js';
import { betaDenominatorW } from '../kernels/betaDenominatorW.js';
import { betaNonzeroTerms } from '../kernels/betaNonzeroTerms.js';
import { betaWeights } from '../kernels/betaWeights.js';
import { muUpdate } from '../kernels/muUpdate.js';
import { betaDivergence, lossFromDivergence } from '../solvers/betaDivergence.js';
import { EPSILON, EPSILON64 } from '../solvers/epsilon.js';
import { frobeniusFromSquares } from '../solvers/frobeniusFromSquares.js';
import { type Regularization, regularization } from '../solvers/regularization.js';
import { type OnlineNmfOptions, type OnlineNmfSettings, onlineNmfSettings } from './OnlineNmfOptions.js';
import { relativeDifference } from './relativeDifference.js';

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
 * One Frobenius mini-batch's sufficient statistics, computed by {@link OnlineNmf.statistics} against the
 * model's H at that time and applied by {@link OnlineNmf.applyStatistics} (possibly in another process):
 * W_b is solved afresh with H fixed, and the H update needs only W_bᵀW_b and the columns of X_bᵀW_b that
 * the batch touches (the others are zero), plus the batch's row count for the H penalty.
 */
export interface OnlineNmfStatistics {
  /** Rows (documents) of the batch: H's penalty scales with it. */
  readonly rows: number;
  /** Terms (columns) of the batch, the model's column count. */
  readonly columns: number;
  /** W_bᵀW_b, components × components, row-major. */
  readonly WtW: Float64Array;
  /** The columns the batch has a stored entry in, strictly increasing. */
  readonly terms: Int32Array;
  /** X_bᵀW_b at those columns: terms.length × components, row t for column terms[t]. */
  readonly XtW: Float64Array;
  /** ‖X_b − W_b·H‖_F with the H the statistics were computed against (as `partialFit`'s return, to rounding). */
  readonly loss: number;
}

/** The state that makes an online NMF model resumable: H with its running sums A and B (components × terms). */
export interface OnlineNmfState {
  readonly components: number;
  readonly columns: number;
  readonly steps: number;
  readonly H: Float64Array;
  readonly A: Float64Array;
  readonly B: Float64Array;
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
  private H: Float64Array = new Float64Array(0);
  /** Hᵀ (terms × k), so the sparse products read contiguous rows; valid while `htValid`. */
  private Ht = new Float64Array(0);
  private htValid = false;
  private A = new Float64Array(0);
  private B = new Float64Array(0);
  private XHt = new Float64Array(0);
  private WHHt = new Float64Array(0);
  private Wfresh = new Float64Array(0);
  private Wbuffer = new Float64Array(0);
  private readonly HHt: Float64Array;
  private readonly WtW: Float64Array;
  /** Xᵀ·W (terms × k): the H update's numerator, read transposed. */
  private XtW = new Float64Array(0);
  private WtWH = new Float64Array(0);
  /** β ≠ 2: W·H at the batch's stored entries, the weights X ∘ (W·H)^(β−2) there, and a row/column buffer. */
  private wh = new Float64Array(0);
  private ratio = new Float64Array(0);
  private buffer = new Float64Array(0);
  private readonly sums: Float64Array;
  private readonly sums2: Float64Array;
  /** scikit-learn's scaled penalties of the current batch (`_compute_regularization`). */
  private reg: Regularization = { l1W: 0, l1H: 0, l2W: 0, l2H: 0 };

  /**
   * The fused WebAssembly engine holding H, A, B, Hᵀ and XᵀW, where the loss is Frobenius without
   * penalties (its domain); null runs every step on the plain kernels.
   */
  private kernels: OnlineKernels | null = null;
  /** Whether HHt holds H·Hᵀ of the current H (the fused engine computes it once per H). */
  private hhtValid = false;
  private readonly fusedAllowed: boolean;

  /**
   * @param fused run the Frobenius, unpenalised steps on the fused engine (default); false keeps every
   *   step on the plain kernels (for comparing the two)
   */
  constructor(options: OnlineNmfOptions, stage = 'onlineNmf', fused = true) {
    this.stage = stage;
    this.fusedAllowed = fused;
    this.settings = onlineNmfSettings(stage, options);
    this.k = this.settings.components;
    this.HHt = new Float64Array(this.k * this.k);
    this.WtW = new Float64Array(this.k * this.k);
    this.sums = new Float64Array(this.k);
    this.sums2 = new Float64Array(this.k);
  }

  /**
   * Whether the steps run on the fused WebAssembly engine (Frobenius loss, no penalties, once H exists).
   * @internal
   */
  get fused(): boolean {
    return this.kernels !== null;
  }

  /**
   * ‖ΔH‖/‖H‖ of the last step when the fused engine measured it on the way (its H update sums it column
   * by column), else undefined: the caller compares copies of H instead.
   * @internal
   */
  lastHChange(): number | undefined {
    return this.kernels === null || this.steps === 0 ? undefined : this.kernels.lastChange();
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
    this.kernels?.syncH();
    return this.H;
  }

  /** H so far, components × terms (a copy). */
  get components(): DenseMatrix {
    this.requireFitted();
    return new DenseMatrix(this.k, this.m, this.liveH().slice());
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

  /**
   * Sets H from the init on this batch (the random start drawn from it, or the given start checked against
   * it) as the first `partialFit` would, without a step; nothing happens once H exists.
   */
  initialize(batch: CsrMatrix | DocTermMatrix): void {
    const X = this.check(batch);
    if (this.m < 0) this.prepare(X, X.rows);
  }

  /**
   * The first half of `partialFit` (Frobenius loss only): W of the batch solved afresh against the current
   * H, reduced to the sufficient statistics the H update needs — the k × k W_bᵀW_b and the columns of
   * X_bᵀW_b the batch touches (Mairal et al. 2010, section 3; scikit-learn's `_minibatch_step` before
   * `_multiplicative_update_h`). H is not changed; on a model without H it is drawn from the batch first, as
   * `partialFit` does. `applyStatistics(statistics(b))` changes H, its sums and `steps` bit for bit as
   * `partialFit(b)`. Statistics computed by several processes against the same H can be applied one after
   * another — a distributed round.
   */
  statistics(batch: CsrMatrix | DocTermMatrix): OnlineNmfStatistics {
    this.requireFrobenius('statistics');
    const X = this.check(batch);
    const rows = X.rows;
    this.prepare(X, rows);
    const { k, m, HHt } = this;
    const w = this.Wfresh;
    // Leaves X·Hᵀ in XHt and H·Hᵀ in HHt, for the loss.
    this.solveW(X, 0, rows, this.settings.freshRestartsMaxIter, w);
    const { indptr, indices, data } = X;
    const nnz = indptr[rows];
    const { normX, cross } = this.batchSquares(X, 0, rows, w);
    const WtW = this.WtW.slice();
    const loss = frobeniusFromSquares(normX, cross, ddot(k * k, WtW, HHt));
    csrTransposeMulDense(rows, m, k, indptr, indices, data, w, this.XtW, 0);
    this.kernels?.touchedXtW();
    const touched = new Uint8Array(m);
    let count = 0;
    for (let p = 0; p < nnz; p++) {
      if (touched[indices[p]] === 0) {
        touched[indices[p]] = 1;
        count++;
      }
    }
    const terms = new Int32Array(count);
    const XtW = new Float64Array(count * k);
    for (let j = 0, t = 0; j < m; j++) {
      if (touched[j] === 0) continue;
      terms[t] = j;
      XtW.set(this.XtW.subarray(j * k, j * k + k), t * k);
      t++;
    }
    return { rows, columns: m, WtW, terms, XtW, loss };
  }

  /**
   * The second half of `partialFit` (Frobenius loss only): the running sums forget by `forgetFactor` and
   * take the batch's statistics, A ← ρA + (W_bᵀX_b)∘H, B ← ρB + W_bᵀW_b·H (+ H's penalty), H = A / B —
   * with the H current now, which may be newer than the one the statistics were computed against.
   * @return the statistics' batch loss
   */
  applyStatistics(stats: OnlineNmfStatistics): number {
    this.requireFrobenius('applyStatistics');
    this.requireFitted();
    const { k, m } = this;
    const bad = (what: string) =>
      new RivuletError('invalid-input', this.stage, `statistics ${what}`, { parameter: 'stats' });
    if (typeof stats !== 'object' || stats === null)
      throw bad(`must be an object, got ${describeValue(stats)}`);
    const { rows, columns, WtW, terms, XtW } = stats;
    if (!Number.isInteger(rows) || rows < 1)
      throw bad(`rows must be an integer ≥ 1, got ${describeValue(rows)}`);
    if (columns !== m) throw bad(`have ${describeValue(columns)} columns but the model has ${m}`);
    if (!(WtW instanceof Float64Array) || WtW.length !== k * k) {
      throw bad(`WtW must be a Float64Array of ${k * k} (components²) values, got ${describeValue(WtW)}`);
    }
    if (!(terms instanceof Int32Array) || !(XtW instanceof Float64Array) || XtW.length !== terms.length * k) {
      throw bad(`XtW must be a Float64Array of terms.length × ${k} values for an Int32Array of terms`);
    }
    for (let t = 0; t < terms.length; t++) {
      if (!(terms[t] >= 0 && terms[t] < m) || (t > 0 && terms[t] <= terms[t - 1])) {
        throw bad(`terms must increase strictly within [0, ${m}), got ${terms[t]} at ${t}`);
      }
    }
    for (let p = 0; p < WtW.length; p++)
      if (!Number.isFinite(WtW[p])) throw bad(`WtW holds ${WtW[p]} at ${p}`);
    for (let p = 0; p < XtW.length; p++)
      if (!Number.isFinite(XtW[p])) throw bad(`XtW holds ${XtW[p]} at ${p}`);
    this.regularize(rows);
    const dense = this.XtW;
    this.kernels?.touchedXtW();
    dense.fill(0);
    for (let t = 0; t < terms.length; t++) dense.set(XtW.subarray(t * k, t * k + k), terms[t] * k);
    if (this.kernels !== null) this.fusedUpdateH(WtW, this.settings.forgetFactor);
    else {
      gemm(k, k, m, 1, WtW, this.H, 0, this.WtWH);
      this.updateH(dense, this.WtWH, this.settings.forgetFactor, 1);
    }
    return stats.loss;
  }

  /** H, its running sums and the step count (copies), to checkpoint the model and `restore` it elsewhere. */
  state(): OnlineNmfState {
    this.requireFitted();
    const { k, m } = this;
    return {
      components: k,
      columns: m,
      steps: this.steps,
      H: this.liveH().slice(),
      A: this.A.slice(),
      B: this.B.slice(),
    };
  }

  /** Continues from a `state()` (of a model with the same options): the next step is the one it would take. */
  restore(state: OnlineNmfState): void {
    const { k } = this;
    const bad = (what: string) =>
      new RivuletError('invalid-input', this.stage, `a state ${what}`, { parameter: 'state' });
    if (typeof state !== 'object' || state === null)
      throw bad(`must be an object, got ${describeValue(state)}`);
    const { components, columns: m, steps, H, A, B } = state;
    if (components !== k) throw bad(`has ${describeValue(components)} components, the model ${k}`);
    if (!Number.isInteger(m) || m < 1) throw bad(`columns must be an integer ≥ 1, got ${describeValue(m)}`);
    if (this.m >= 0 && m !== this.m) throw bad(`has ${m} columns, the model ${this.m}`);
    if (!Number.isInteger(steps) || steps < 0)
      throw bad(`steps must be an integer ≥ 0, got ${describeValue(steps)}`);
    for (const [name, a] of [
      ['H', H],
      ['A', A],
      ['B', B],
    ] as const) {
      if (!(a instanceof Float64Array) || a.length !== k * m) {
        throw bad(`${name} must be a Float64Array of ${k} × ${m} values, got ${describeValue(a)}`);
      }
      for (let p = 0; p < a.length; p++) {
        const v = a[p];
        if (!(v >= 0 && v < Number.POSITIVE_INFINITY) || (name === 'B' && v === 0))
          throw bad(`${name} holds ${v} at ${p}`);
      }
    }
    checkFactorMemory(this.stage, 5 * k * m, `H (${k} × ${m}) with its statistics`, 'lower components');
    this.m = m;
    this.placeFactors(H, A, B);
    this.WtWH = new Float64Array(k * m);
    this.steps = steps;
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
   * @param values false to leave the structure and values to {@link prepareTraining}, which checks them
   *   (on the fused engine, in its copy of X)
   * @internal
   */
  check(batch: CsrMatrix | DocTermMatrix, values = true): CsrMatrix {
    const X = CsrMatrix.is(batch) ? batch : batch?.matrix;
    if (!CsrMatrix.is(X)) {
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
    if (values) this.checkValues(X);
    return X;
  }

  /**
   * The second half of {@link check}: the CSR structure, finite non-negative values (naming the first
   * offending row and column), their magnitude, and no zeros for β ≤ 0.
   * @param scanned what the fused engine's scan of a pinned copy found, when it did: the largest value
   *   and a well-formed structure make the two passes over X here unnecessary
   */
  private checkValues(X: CsrMatrix, scanned?: { largest: number; wellFormed: boolean }): void {
    if (scanned?.wellFormed && scanned.largest >= 0) {
      checkMagnitude(scanned.largest, this.stage, 'batch', true);
      return;
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
  }

  /**
   * Sets H from the init on the first batch and sizes the scratch buffers for `rows`-row steps.
   * The start and its checks are the batch solver's: {@link randomInit} (scikit-learn's random init
   * drawn from the first batch, H first, then W) or a given start checked by {@link checkCustomInit}.
   * @return W for the whole of `X` when the init gives or draws one (finite-matrix training), else null
   * @internal
   */
  prepare(X: CsrMatrix, rows: number): Float64Array | null {
    const { W, given } = this.setUp(X, rows, false);
    return given ? (W as Float64Array).slice() : W;
  }

  /**
   * {@link prepare} for a training over all of X (`trainOnlineNmf`): on the fused engine X is copied in
   * once, so its batches and the final loss read it there, and W lives there too (unless W is solved
   * afresh each step), updated in place by the steps. X's structure and values are checked here (X as
   * `check(matrix, false)` returns it).
   * @return W for all of X (documents × components) — the init's (a copy), the random start's, or
   *   scikit-learn's flat start √(mean(X)/k) when only H is given — and whether it is the engine's memory
   *   (copy it out before handing it on)
   * @internal
   */
  prepareTraining(X: CsrMatrix, batch: number): { W: Float64Array; resident: boolean } {
    const { W, given, placed } = this.setUp(X, batch, true);
    // scikit-learn's flat start, used when only H is given.
    const flat = W === null ? this.flatStart(X, 0, X.rows) : 0;
    if (this.kernels !== null && !this.settings.freshRestarts) {
      // A given W was copied in (and checked there) with the start.
      return { W: placed ? this.kernels.residentW() : this.kernels.residentW(W ?? flat), resident: true };
    }
    if (W === null) return { W: new Float64Array(X.rows * this.k).fill(flat), resident: false };
    return { W: given ? W.slice() : W, resident: false };
  }

  /**
   * The work of {@link prepare}; W is returned as the init holds it (`given`: the caller's, to be copied
   * before it is changed), and with `pin` the fused engine keeps all of X (and a given W, `placed`, as
   * the engine's resident W).
   */
  private setUp(
    X: CsrMatrix,
    rows: number,
    pin: boolean,
  ): { W: Float64Array | null; given: boolean; placed: boolean } {
    const { k } = this;
    let W: Float64Array | null = null;
    let given = false;
    let placed = false;
    if (this.m < 0) {
      const m = X.cols;
      // H, its two running statistics and two update terms (k × terms each), and W of the rows given.
      checkFactorMemory(
        this.stage,
        5 * k * m + X.rows * k,
        `H (${k} × ${m}) with its statistics and W (${X.rows} × ${k})`,
        'lower components, or hash into fewer features (nFeatures)',
      );
      const engine = pin ? this.pinnedEngine(X) : null;
      let placedH = false;
      const init = this.settings.init;
      let H0: Float64Array;
      if (init === 'random') {
        const start = randomInit(X, k, this.settings.seed);
        H0 = start.H.data;
        W = start.W.data;
      } else {
        // On the fused engine the start is copied in where it will live and checked there.
        const H = init.H.data;
        const intoEngine = engine === null ? undefined : () => engine.placeStartH(H);
        checkCustomInit(this.stage, 'init.H', init.H, k, m, 'components × terms', intoEngine);
        placedH = engine !== null;
        H0 = H;
        if (init.W !== undefined) {
          const Wg = init.W.data;
          const resident = engine !== null && !this.settings.freshRestarts;
          const intoResident = resident ? () => engine.placeStartW(Wg) : undefined;
          checkCustomInit(this.stage, 'init.W', init.W, X.rows, k, 'documents × components', intoResident);
          placed = resident;
          W = Wg;
          given = true;
        }
      }
      this.m = m;
      // Room in the fused engine for all of X: a finite matrix's batches and its final loss.
      this.placeFactors(H0, null, null, X.rows, X.nnz, engine, placedH);
      // (W_bᵀW_b)·H, for the plain path's H update only.
      if (this.kernels === null) this.WtWH = new Float64Array(k * m);
    } else if (pin) {
      this.checkValues(X);
      this.kernels?.pin(X);
    }
    if (this.XHt.length < rows * k) {
      this.XHt = new Float64Array(rows * k);
      this.WHHt = new Float64Array(rows * k);
      this.Wfresh = new Float64Array(rows * k);
      this.Wbuffer = new Float64Array(rows * k);
    }
    if (this.settings.beta !== 2 && this.buffer.length < Math.max(rows, this.m)) {
      this.buffer = new Float64Array(Math.max(rows, this.m));
    }
    return { W, given, placed };
  }

  /**
   * For a training's first batch (all of X, not yet value-checked): the fused engine with X copied in,
   * checked there in one pass (the JavaScript check runs only to name what is wrong), or null after the
   * JavaScript check when the steps will not run on the engine.
   */
  private pinnedEngine(X: CsrMatrix): OnlineKernels | null {
    if (!this.fusable()) {
      this.checkValues(X);
      return null;
    }
    const engine = new OnlineKernels(this.k, X.cols, X.rows, X.nnz);
    engine.pin(X);
    this.checkValues(X, engine.checkPinned());
    return engine;
  }

  /** Whether the steps run on the fused engine: Frobenius loss, no penalties, WebAssembly SIMD for k. */
  private fusable(): boolean {
    const s = this.settings;
    const reg = regularization(1, 1, s.alphaW, s.alphaH, s.l1Ratio);
    const unpenalised = reg.l1W === 0 && reg.l2W === 0 && reg.l1H === 0 && reg.l2H === 0;
    return this.fusedAllowed && s.beta === 2 && unpenalised && OnlineKernels.available(this.k);
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
    const { k, m, H, HHt, WtW, WtWH } = this;
    const { indptr, indices, data } = X;
    let w: Float64Array;
    if (W === null || this.settings.freshRestarts) {
      w = this.Wfresh;
      this.solveW(X, offset, rows, this.settings.freshRestartsMaxIter, w);
    } else {
      w = W;
      this.batchTimesHt(X, offset, rows);
      this.gramH();
      this.updateW(w, rows);
    }
    // The cost needs X·Hᵀ for the H before its update; a fresh solve left it in XHt as well.
    const { normX, cross } = this.batchSquares(X, offset, rows, w);
    const fused = this.kernels !== null;
    // ‖W·H‖² = ⟨WᵀW·H, H⟩ on the plain path; ⟨WᵀW, HHᵀ⟩ (k² terms, HHᵀ at hand) on the fused one.
    if (!fused) gemm(k, k, m, 1, WtW, H, 0, WtWH);
    const normWH = fused ? ddot(k * k, WtW, HHt) : ddot(k * m, WtWH, H);
    const half = (normX + normWH - 2 * cross) / 2;
    const cost = (half + this.penalty(w, rows)) / rows;
    const loss = frobeniusFromSquares(normX, cross, normWH);
    if (fused) {
      // The batch is still loaded from the W solve or update above.
      (this.kernels as OnlineKernels).transposeTimes(w);
      this.fusedUpdateH(WtW, rho);
    } else {
      csrTransposeMulDense(rows, m, k, indptr, indices, data, w, this.XtW, offset);
      this.updateH(this.XtW, WtWH, rho, 1);
    }
    return { cost, loss };
  }

  /**
   * W for rows [offset, offset + rows) with H fixed, from scikit-learn's flat start √(mean(X_b)/k), by up to
   * `maxIter` multiplicative updates, stopping when ‖ΔW‖/‖W‖ ≤ tol (`_solve_W`). Leaves X·Hᵀ in `XHt`.
   * @internal
   */
  solveW(X: CsrMatrix, offset: number, rows: number, maxIter: number, out: Float64Array): void {
    this.regularize(rows);
    const { k } = this;
    if (this.XHt.length < rows * k) this.prepare(X, rows);
    const beta = this.settings.beta;
    const avg = this.flatStart(X, offset, rows);
    const n = rows * k;
    out.fill(avg, 0, n);
    const buffer = this.Wbuffer;
    buffer.set(out.subarray(0, n));
    if (beta === 2) {
      this.batchTimesHt(X, offset, rows);
      this.gramH();
    }
    const tol = this.settings.tol;
    for (let iteration = 0; iteration < maxIter; iteration++) {
      if (beta === 2) this.updateW(out, rows);
      else this.updateWBeta(X, offset, rows, out);
      if (tol > 0 && relativeDifference(out, buffer, n) <= tol) break;
      buffer.set(out.subarray(0, n));
    }
  }

  /**
   * scikit-learn's flat start of W for rows [offset, offset + rows) of X: every entry √(mean(X_b)/k), the
   * mean over all rows × terms entries of the block (MiniBatchNMF's `_solve_W` and its start when only H
   * is given).
   */
  private flatStart(X: CsrMatrix, offset: number, rows: number): number {
    const { indptr, data } = X;
    let sum = 0;
    for (let p = indptr[offset]; p < indptr[offset + rows]; p++) sum += data[p];
    return Math.sqrt(sum / (rows * this.m) / this.k);
  }

  private requireFrobenius(method: string): void {
    if (this.settings.beta !== 2) {
      throw new RivuletError(
        'invalid-option',
        this.stage,
        `${method} needs betaLoss 'frobenius' (its statistics are W_bᵀW_b and X_bᵀW_b), got β = ${this.settings.beta}; use partialFit for other β-divergences`,
        { parameter: 'betaLoss' },
      );
    }
  }

  private requireFitted(): void {
    if (this.m < 0) {
      throw new RivuletError('empty-input', this.stage, 'no batch has been seen yet, so there is no H');
    }
  }

  /** Hᵀ of the current H, transposed again only after H changed. */
  private transposedH(): Float64Array {
    if (!this.htValid) {
      if (this.kernels === null) transpose(this.k, this.m, this.H, this.Ht);
      else this.kernels.transposeH();
      this.htValid = true;
    }
    return this.Ht;
  }

  /**
   * Puts H, its running sums A and B, Hᵀ and XᵀW where the steps will run on them: in the fused engine's
   * memory when the loss is Frobenius without penalties and WebAssembly SIMD is there, else in plain arrays.
   * The values are copied (each once): A defaults to H (the start of the numerator's sum), B to ones.
   * @param rows, nnz the batch the fused engine makes room for at once
   * @param engine the fused engine already made (with the training's X pinned), if any
   * @param placedH whether H is already in that engine (copied in for its check)
   */
  private placeFactors(
    H: Float64Array,
    A: Float64Array | null,
    B: Float64Array | null,
    rows = 0,
    nnz = 0,
    engine: OnlineKernels | null = null,
    placedH = false,
  ): void {
    const { k, m } = this;
    if (this.fusable()) {
      const kernels = engine ?? new OnlineKernels(k, m, rows, nnz);
      if (!placedH) kernels.H.set(H);
      kernels.A.set(A ?? H);
      if (B === null) kernels.B.fill(1);
      else kernels.B.set(B);
      this.kernels = kernels;
      this.adoptViews();
    } else {
      this.kernels = null;
      this.H = H.slice() as Float64Array<ArrayBuffer>;
      this.A = (A ?? H).slice() as Float64Array<ArrayBuffer>;
      this.B = B === null ? new Float64Array(k * m).fill(1) : (B.slice() as Float64Array<ArrayBuffer>);
      this.Ht = new Float64Array(m * k);
      this.XtW = new Float64Array(m * k);
    }
    this.htValid = false;
    this.hhtValid = false;
    // The fused engine transposes H at once (the plain path when it first needs Hᵀ).
    if (this.kernels !== null) this.transposedH();
  }

  /** Points H, A, B, Hᵀ and XᵀW at the fused engine's memory (after it was made or replaced). */
  private adoptViews(): void {
    const kernels = this.kernels as OnlineKernels;
    this.H = kernels.H;
    this.A = kernels.A;
    this.B = kernels.B;
    this.Ht = kernels.Ht;
    this.XtW = kernels.XtW;
  }

  /**
   * `XHt = X_b·Hᵀ` for rows [offset, offset + rows) of X (rows × k): the fused engine's kernel, which keeps
   * the batch for the step's `X_bᵀ·W`, or `csrMulDense`.
   */
  private batchTimesHt(X: CsrMatrix, offset: number, rows: number): void {
    const kernels = this.kernels;
    if (kernels === null) {
      csrMulDense(rows, this.m, this.k, X.indptr, X.indices, X.data, this.transposedH(), this.XHt, offset);
      return;
    }
    if (kernels.loadBatch(X, offset, rows)) this.adoptViews();
    this.transposedH();
    kernels.timesHt();
  }

  /**
   * The squared terms of a batch's Frobenius loss for its W (rows × k), after `batchTimesHt`: returns
   * ‖X_b‖² and ⟨X_b·Hᵀ, W_b⟩, and leaves W_bᵀW_b in `WtW` — on the fused engine when it runs the step (the
   * same sums in the same order), else by `ddot` and `gram`.
   */
  private batchSquares(
    X: CsrMatrix,
    offset: number,
    rows: number,
    w: Float64Array,
  ): { normX: number; cross: number } {
    const kernels = this.kernels;
    if (kernels !== null) {
      kernels.gramW(w, this.WtW);
      return { normX: kernels.normX(), cross: kernels.cross(w) };
    }
    const start = X.indptr[offset];
    const end = X.indptr[offset + rows];
    const block = X.data.subarray(start, end);
    gram(rows, this.k, w, this.WtW);
    return { normX: ddot(end - start, block, block), cross: ddot(rows * this.k, this.XHt, w) };
  }

  /** HHt = H·Hᵀ for the current H: `syrk` on the plain path, the fused engine's Gram of Hᵀ (once per H). */
  private gramH(): void {
    const kernels = this.kernels;
    if (kernels === null) {
      syrk(this.k, this.m, this.H, this.HHt);
      return;
    }
    if (this.hhtValid) return;
    this.transposedH();
    kernels.gramH(this.HHt);
    this.hhtValid = true;
  }

  /** The online H update on the fused engine, from WᵀW and the numerator in `XtW` (see {@link updateH}). */
  private fusedUpdateH(WtW: Float64Array, rho: number): void {
    this.transposedH();
    (this.kernels as OnlineKernels).updateH(WtW, rho);
    this.htValid = true;
    this.hhtValid = false;
    this.steps++;
  }

  /** One multiplicative update of W (rows × k) from `XHt` and `HHt`: W ∘= XHᵀ / (W·HHᵀ). */
  private updateW(W: Float64Array, rows: number): void {
    if (this.kernels !== null) {
      this.kernels.updateW(W);
      return;
    }
    const { k, XHt, HHt, WHHt, reg } = this;
    gemm(rows, k, k, 1, W, HHt, 0, WHHt);
    muUpdate(rows * k, W, XHt, WHHt, reg.l1W, reg.l2W, 1, EPSILON);
  }

  /**
   * H from the running sums (MiniBatchNMF's online H update, Lefèvre et al. 2011): A ← ρA + num ∘ H and
   * B ← ρB + den (with the penalties, a zero denominator made float32 epsilon), H = A / B, with the
   * β-divergence exponent γ applied around it. The numerator is read from Xᵀ·W (terms × k) as it comes,
   * and Hᵀ is written in the same pass, so neither needs a transposition.
   */
  private updateH(XtW: Float64Array, denominator: Float64Array, rho: number, gamma: number): void {
    const { k, m, H, A, B, Ht } = this;
    const { l1H, l2H } = this.reg;
    const beta = this.settings.beta;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < m; j++) {
        const p = c * m + j;
        let d = denominator[p];
        if (l1H > 0) d += l1H;
        if (l2H > 0) d = d + l2H * H[p];
        if (d === 0) d = EPSILON;
        if (gamma !== 1) H[p] **= 1 / gamma;
        A[p] = A[p] * rho + XtW[j * k + c] * H[p];
        B[p] = B[p] * rho + d;
        H[p] = A[p] / B[p];
        if (gamma !== 1) H[p] **= gamma;
        if (beta <= 1 && H[p] < EPSILON64) H[p] = 0;
        Ht[j * k + c] = H[p];
      }
    }
    this.htValid = true;
    this.steps++;
  }

  /** Sets the penalties for a batch of `rows` rows: W's scale with the terms, H's with the rows. */
  private regularize(rows: number): void {
    const { alphaW, alphaH, l1Ratio } = this.settings;
    this.reg = regularization(rows, this.m, alphaW, alphaH, l1Ratio);
  }

  /** The regularisation terms of scikit-learn's batch cost, for the batch's W and the H before its update. */
  private penalty(w: Float64Array, rows: number): number {
    const { H } = this;
    const { l1W, l2W, l1H, l2H } = this.reg;
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
      this.prepare(X, X.rows);
      return lossFromDivergence(this.divergence(X, 0, X.rows, W));
    }
    const { k, m, HHt, WtW } = this;
    if (this.kernels !== null) {
      // X is still in the engine when the training pinned it; W too when it lives there.
      this.batchTimesHt(X, 0, X.rows);
      this.gramH();
      const { normX, cross } = this.batchSquares(X, 0, X.rows, W);
      return frobeniusFromSquares(normX, cross, ddot(k * k, WtW, HHt));
    }
    const XHt = new Float64Array(X.rows * k);
    csrMulDense(X.rows, m, k, X.indptr, X.indices, X.data, this.transposedH(), XHt);
    this.gramH();
    gram(X.rows, k, W, WtW);
    const normX = ddot(X.data.length, X.data, X.data);
    return frobeniusFromSquares(normX, ddot(X.rows * k, XHt, W), ddot(k * k, WtW, HHt));
  }

  /**
   * One step for β ≠ 2 (scikit-learn's `_minibatch_step` with `_multiplicative_update_w/_h` and the
   * online H update): the same order, with the Févotte & Idier (2011) exponent γ, on the batch solver's
   * kernels.
   */
  private stepBeta(
    X: CsrMatrix,
    offset: number,
    rows: number,
    W: Float64Array | null,
    rho: number,
  ): StepOutcome {
    const { k, m, H, sums } = this;
    const { beta, gamma } = this.settings;
    let w: Float64Array;
    if (W === null || this.settings.freshRestarts) {
      w = this.Wfresh;
      this.solveW(X, offset, rows, this.settings.freshRestartsMaxIter, w);
    } else {
      w = W;
      this.updateWBeta(X, offset, rows, w);
    }
    if (beta < 1) zeroBelow(rows * k, w, EPSILON64);
    const divergence = this.divergence(X, offset, rows, w);
    const cost = (divergence + this.penalty(w, rows)) / rows;
    // Numerator Wᵀ·(X ∘ (W·H)^(β−2)) and denominator, on the updated W and the H before its update.
    const { indptr, indices } = X;
    const ratio = this.sampledRatio(X, offset, rows, w);
    csrTransposeMulDense(rows, m, k, indptr, indices, ratio, w, this.XtW, offset, indptr[offset]);
    const denominator = this.WtWH;
    if (beta === 1) {
      colSums(rows, k, w, sums);
      // An all-zero column of W would divide by zero; scikit-learn uses 1 there.
      for (let c = 0; c < k; c++) if (sums[c] === 0) sums[c] = 1;
      tileCols(k, m, sums, denominator);
    } else {
      betaDenominatorH(rows, m, k, w, H, beta, EPSILON, this.buffer, denominator);
    }
    this.updateH(this.XtW, denominator, rho, gamma);
    return { cost, loss: lossFromDivergence(divergence) };
  }

  /** W·H at the batch's stored entries, block-aligned in `wh`. */
  private sampledProduct(X: CsrMatrix, offset: number, rows: number, w: Float64Array): Float64Array {
    const nnz = X.indptr[offset + rows] - X.indptr[offset];
    if (this.wh.length < nnz) {
      this.wh = new Float64Array(nnz);
      this.ratio = new Float64Array(nnz);
    }
    csrSampledDot(rows, this.m, this.k, X.indptr, X.indices, w, this.transposedH(), this.wh, offset);
    return this.wh;
  }

  /** X ∘ (W·H)^(β−2) on the batch's stored entries (`betaWeights`), block-aligned in `ratio`. */
  private sampledRatio(X: CsrMatrix, offset: number, rows: number, w: Float64Array): Float64Array {
    const wh = this.sampledProduct(X, offset, rows, w);
    const base = X.indptr[offset];
    const nnz = X.indptr[offset + rows] - base;
    betaWeights(nnz, X.data.subarray(base, base + nnz), wh, this.settings.beta, EPSILON, this.ratio);
    return this.ratio;
  }

  /** One multiplicative update of W (rows × k) for β ≠ 2, with H fixed. */
  private updateWBeta(X: CsrMatrix, offset: number, rows: number, w: Float64Array): void {
    const { k, m, H, sums, XHt, WHHt, reg } = this;
    const { beta, gamma } = this.settings;
    const { indptr, indices } = X;
    const ratio = this.sampledRatio(X, offset, rows, w);
    csrMulDense(rows, m, k, indptr, indices, ratio, this.transposedH(), XHt, offset, indptr[offset]);
    if (beta === 1) {
      rowSums(k, m, H, sums);
      tileRows(rows, k, sums, WHHt);
    } else {
      betaDenominatorW(rows, m, k, w, H, beta, EPSILON, this.buffer, WHHt);
    }
    muUpdate(rows * k, w, XHt, WHHt, reg.l1W, reg.l2W, gamma, EPSILON);
  }

  /**
   * D_β(X_b ‖ W_b·H) for β ≠ 2, as scikit-learn's `_beta_divergence` on sparse data (see
   * {@link betaDivergence}).
   */
  private divergence(X: CsrMatrix, offset: number, rows: number, w: Float64Array): number {
    const { k, m, H, sums, sums2 } = this;
    const beta = this.settings.beta;
    const wh = this.sampledProduct(X, offset, rows, w);
    const base = X.indptr[offset];
    const nnz = X.indptr[offset + rows] - base;
    const terms = betaNonzeroTerms(nnz, X.data.subarray(base, base + nnz), wh, beta, EPSILON);
    let dense = 0;
    if (beta === 1) {
      colSums(rows, k, w, sums);
      rowSums(k, m, H, sums2);
      dense = ddot(k, sums, sums2);
    } else if (beta !== 0) {
      // Σ (W·H)^β; the W denominator it writes on the way is scratch here.
      dense = betaDenominatorW(rows, m, k, w, H, beta, EPSILON, this.buffer, this.WHHt);
    }
    return betaDivergence(beta, terms, dense, rows * m);
  }
}
