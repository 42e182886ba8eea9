import type { EpochOutcome } from '@rivulet/core';
import { type CsrMatrix, csrMulDense, csrTransposeMulDense, ddot, gemm, gram, Random } from '@rivulet/linalg';
import { cdSweep } from '../kernels/cdSweep.js';
import { ConvergenceTest } from './convergence.js';
import { frobeniusFromSquares } from './frobeniusFromSquares.js';
import type { NmfSolver } from './NmfSolver.js';
import type { Regularization } from './regularization.js';

/**
 * Coordinate descent for NMF with the Frobenius loss (Hsieh & Dhillon 2011, "Fast coordinate descent
 * methods with variable selection for non-negative matrix factorization"; Cichocki & Phan 2009), epoch
 * for epoch scikit-learn 1.2's `_fit_coordinate_descent`: one sweep over W, then one over H (as W of the
 * transposed problem), components in order or, with `shuffle`, in a permutation drawn per sweep from a
 * generator seeded like scikit-learn's `random_state`. Converged when the summed projected-gradient
 * violation of an epoch is ≤ tol × that of the first epoch.
 *
 * The loss after each epoch reuses the H sweep's products: ‖A‖² − 2⟨AᵀW, Hᵀ⟩ + ⟨WᵀW, HHᵀ⟩, HHᵀ of
 * the new H being the next W sweep's Gram matrix anyway.
 *
 * Shapes: A m × n, W m × k, H k × n (kept as Hᵀ, n × k, so both sweeps run over rows).
 */
export class CdSolver implements NmfSolver {
  readonly initialLoss: number;
  private readonly m: number;
  private readonly n: number;
  private readonly k: number;
  private readonly normA2: number;
  private readonly Ht: Float64Array;
  private readonly HHt: Float64Array;
  private readonly WtW: Float64Array;
  private readonly hess: Float64Array;
  private readonly XHt: Float64Array;
  private readonly XtW: Float64Array;
  private readonly WHHt: Float64Array;
  private readonly permutation: Int32Array;
  private readonly random: Random | undefined;
  private readonly convergence: ConvergenceTest;
  private hHtValid = true;
  private xHtValid = false;

  /**
   * @param W start, rows × components; updated in place
   * @param H start, components × cols; read once (updates go to an internal Hᵀ, see `H`)
   * @param seed with `shuffle`, seeds the component order (as scikit-learn's `random_state`)
   */
  constructor(
    private readonly A: CsrMatrix,
    readonly W: Float64Array,
    H: Float64Array,
    k: number,
    private readonly reg: Regularization,
    tol: number,
    private readonly updateH: boolean,
    private readonly everyEpoch: boolean,
    shuffle: boolean,
    seed: number,
  ) {
    const m = A.rows;
    const n = A.cols;
    this.m = m;
    this.n = n;
    this.k = k;
    this.normA2 = ddot(A.nnz, A.data, A.data);
    this.Ht = new Float64Array(n * k);
    for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) this.Ht[j * k + c] = H[c * n + j];
    this.HHt = new Float64Array(k * k);
    this.WtW = new Float64Array(k * k);
    this.hess = new Float64Array(k * k);
    this.XHt = new Float64Array(m * k);
    this.XtW = updateH ? new Float64Array(n * k) : new Float64Array(0);
    this.WHHt = new Float64Array(m * k);
    this.permutation = new Int32Array(k);
    for (let c = 0; c < k; c++) this.permutation[c] = c;
    this.random = shuffle ? new Random(seed) : undefined;
    gram(n, k, this.Ht, this.HHt);
    csrMulDense(m, n, k, A.indptr, A.indices, A.data, this.Ht, this.XHt);
    this.xHtValid = true;
    this.initialLoss = this.lossWithFixedH();
    this.convergence = new ConvergenceTest('cd', tol, this.initialLoss);
  }

  /** components × cols, row-major: a fresh copy of the current H. */
  get H(): Float64Array {
    const { n, k, Ht } = this;
    const out = new Float64Array(k * n);
    for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) out[c * n + j] = Ht[j * k + c];
    return out;
  }

  step(epoch: number): EpochOutcome {
    const { A, m, n, k, W, Ht, reg } = this;
    if (!this.hHtValid) gram(n, k, Ht, this.HHt);
    if (!this.xHtValid) csrMulDense(m, n, k, A.indptr, A.indices, A.data, Ht, this.XHt);
    let violation = this.sweep(m, W, this.HHt, this.XHt, reg.l1W, reg.l2W);
    let loss = Number.NaN;
    if (this.updateH) {
      csrTransposeMulDense(m, n, k, A.indptr, A.indices, A.data, W, this.XtW);
      gram(m, k, W, this.WtW);
      violation += this.sweep(n, Ht, this.WtW, this.XtW, reg.l1H, reg.l2H);
      gram(n, k, Ht, this.HHt);
      this.hHtValid = true;
      this.xHtValid = false;
      loss = frobeniusFromSquares(this.normA2, ddot(n * k, this.XtW, Ht), ddot(k * k, this.WtW, this.HHt));
    } else if (this.everyEpoch) {
      loss = this.lossWithFixedH();
    }
    return { loss, converged: this.convergence.converged(epoch, loss, violation) };
  }

  /** One CD sweep; L2 is added to the Gram matrix's diagonal in a copy, as scikit-learn does in place. */
  private sweep(
    rows: number,
    X: Float64Array,
    G: Float64Array,
    XG: Float64Array,
    l1: number,
    l2: number,
  ): number {
    const { k, hess, permutation } = this;
    hess.set(G);
    if (l2 !== 0) for (let c = 0; c < k; c++) hess[c * k + c] += l2;
    if (this.random) this.random.permutation(k, permutation);
    return cdSweep(rows, k, X, hess, XG, l1, permutation);
  }

  /** ‖A − WH‖ with H fixed: ⟨WᵀW, HHᵀ⟩ = ⟨W, W·HHᵀ⟩. */
  private lossWithFixedH(): number {
    const { m, k, W } = this;
    gemm(m, k, k, 1, W, this.HHt, 0, this.WHHt);
    return frobeniusFromSquares(this.normA2, ddot(m * k, this.XHt, W), ddot(m * k, W, this.WHHt));
  }
}
