import type { EpochOutcome } from '@rivulet/core';
import {
  type CsrMatrix,
  colSums,
  csrMulDense,
  csrSampledDot,
  csrTransposeMulDense,
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
import { betaDenominatorH } from '../kernels/betaDenominatorH.js';
import { betaDenominatorW } from '../kernels/betaDenominatorW.js';
import { betaNonzeroTerms } from '../kernels/betaNonzeroTerms.js';
import { betaWeights } from '../kernels/betaWeights.js';
import { muUpdate } from '../kernels/muUpdate.js';
import { betaDivergence, lossFromDivergence } from './betaDivergence.js';
import { ConvergenceTest } from './convergence.js';
import { EPSILON, EPSILON64 } from './epsilon.js';
import { frobeniusFromSquares } from './frobeniusFromSquares.js';
import type { NmfSolver } from './NmfSolver.js';
import type { Regularization } from './regularization.js';

/**
 * Multiplicative updates for NMF, W then H each epoch (Lee & Seung 2001, "Algorithms for non-negative
 * matrix factorization"; for β-divergences and regularisation, Févotte & Idier 2011, "Algorithms for
 * nonnegative matrix factorization with the β-divergence"), step for step scikit-learn 1.2's
 * `_fit_multiplicative_update`: same updates, same float32-epsilon guards, same convergence test
 * ((previous − current) / initial loss < tol, every 10 epochs).
 *
 * The loss after each epoch costs no extra pass over the data: for the Frobenius loss it is
 * ‖A‖² − 2⟨WᵀA, H⟩ + ⟨WᵀW, HHᵀ⟩ with WᵀA and WᵀW from the H update and HHᵀ the product the next
 * W update needs; for other β the products of the new W and H at A's non-zeros (and, for β ∉ {1}, the
 * dense pass giving the W update's denominator) are computed once at the end of an epoch and serve both
 * the loss and the next W update.
 *
 * Shapes: A rows × cols (m × n), W m × k, H k × n.
 */
export class MuSolver implements NmfSolver {
  readonly initialLoss: number;
  private readonly m: number;
  private readonly n: number;
  private readonly k: number;
  private readonly normA2: number;
  private readonly gamma: number;
  private readonly convergence: ConvergenceTest;
  // Frobenius products
  private readonly AHt: Float64Array;
  /** Hᵀ (n × k) and AᵀW (n × k): term-major twins so sparse products read contiguous rows. */
  private readonly Ht: Float64Array;
  private readonly AtW: Float64Array;
  private readonly HHt: Float64Array;
  private readonly WHHt: Float64Array;
  private readonly WtA: Float64Array;
  private readonly WtW: Float64Array;
  private readonly WtWH: Float64Array;
  private aHtValid = false;
  private wHHtValid = false;
  // β-divergence products
  private readonly wh: Float64Array;
  private readonly weights: Float64Array;
  private readonly buffer: Float64Array;
  private readonly sumsK: Float64Array;
  private readonly sumsK2: Float64Array;
  private sumBeta = 0;
  private denWValid = false;

  /**
   * @param W start, rows × components; updated in place
   * @param H start, components × cols; updated in place when `updateH`, else held fixed (transform)
   * @param everyEpoch compute the loss after every epoch (training events) rather than only for the test
   */
  constructor(
    private readonly A: CsrMatrix,
    readonly W: Float64Array,
    readonly H: Float64Array,
    k: number,
    private readonly beta: number,
    private readonly reg: Regularization,
    tol: number,
    private readonly updateH: boolean,
    private readonly everyEpoch: boolean,
  ) {
    const m = A.rows;
    const n = A.cols;
    this.m = m;
    this.n = n;
    this.k = k;
    this.gamma = beta < 1 ? 1 / (2 - beta) : beta > 2 ? 1 / (beta - 1) : 1;
    this.normA2 = ddot(A.nnz, A.data, A.data);
    const frobenius = beta === 2;
    const empty = new Float64Array(0);
    this.AHt = new Float64Array(m * k);
    this.Ht = new Float64Array(n * k);
    this.AtW = updateH ? new Float64Array(n * k) : empty;
    this.WHHt = new Float64Array(m * k);
    this.HHt = frobenius ? new Float64Array(k * k) : empty;
    this.WtA = updateH ? new Float64Array(k * n) : empty;
    this.WtW = frobenius && updateH ? new Float64Array(k * k) : empty;
    this.WtWH = updateH ? new Float64Array(k * n) : empty;
    this.wh = frobenius ? empty : new Float64Array(A.nnz);
    this.weights = frobenius ? empty : new Float64Array(A.nnz);
    this.buffer = frobenius || beta === 1 ? empty : new Float64Array(Math.max(m, n));
    this.sumsK = new Float64Array(k);
    this.sumsK2 = new Float64Array(k);
    this.initialLoss = frobenius ? this.startFrobenius() : this.endOfEpochBeta();
    this.convergence = new ConvergenceTest('mu', tol, this.initialLoss);
  }

  step(epoch: number): EpochOutcome {
    const wantLoss = this.everyEpoch || this.convergence.needsLoss(epoch);
    const loss = this.beta === 2 ? this.stepFrobenius(wantLoss) : this.stepBeta();
    return { loss, converged: this.convergence.converged(epoch, loss, 0) };
  }

  private startFrobenius(): number {
    const { A, m, n, k, W, H } = this;
    transpose(k, n, H, this.Ht);
    csrMulDense(m, n, k, A.indptr, A.indices, A.data, this.Ht, this.AHt);
    syrk(k, n, H, this.HHt);
    gemm(m, k, k, 1, W, this.HHt, 0, this.WHHt);
    this.aHtValid = true;
    this.wHHtValid = true;
    return frobeniusFromSquares(this.normA2, ddot(m * k, this.AHt, W), ddot(m * k, W, this.WHHt));
  }

  private stepFrobenius(wantLoss: boolean): number {
    const { A, m, n, k, W, H, reg } = this;
    if (!this.aHtValid) {
      transpose(k, n, H, this.Ht);
      csrMulDense(m, n, k, A.indptr, A.indices, A.data, this.Ht, this.AHt);
    }
    if (!this.wHHtValid) gemm(m, k, k, 1, W, this.HHt, 0, this.WHHt);
    muUpdate(m * k, W, this.AHt, this.WHHt, reg.l1W, reg.l2W, 1, EPSILON);
    if (this.updateH) {
      csrTransposeMulDense(m, n, k, A.indptr, A.indices, A.data, W, this.AtW);
      transpose(n, k, this.AtW, this.WtA);
      gram(m, k, W, this.WtW);
      gemm(k, k, n, 1, this.WtW, H, 0, this.WtWH);
      muUpdate(k * n, H, this.WtA, this.WtWH, reg.l1H, reg.l2H, 1, EPSILON);
      syrk(k, n, H, this.HHt);
      this.aHtValid = false;
      this.wHHtValid = false;
      return frobeniusFromSquares(this.normA2, ddot(k * n, this.WtA, H), ddot(k * k, this.WtW, this.HHt));
    }
    // H fixed: A·Hᵀ and HHᵀ never change, and W·HHᵀ of the new W is the next update's denominator.
    this.wHHtValid = false;
    if (!wantLoss) return Number.NaN;
    gemm(m, k, k, 1, W, this.HHt, 0, this.WHHt);
    this.wHHtValid = true;
    return frobeniusFromSquares(this.normA2, ddot(m * k, this.AHt, W), ddot(m * k, W, this.WHHt));
  }

  private stepBeta(): number {
    const { A, m, n, k, W, H, reg, beta, gamma } = this;
    const nnz = A.nnz;
    // W update, from the products of the current W and H made at the end of the previous epoch.
    betaWeights(nnz, A.data, this.wh, beta, EPSILON, this.weights);
    csrMulDense(m, n, k, A.indptr, A.indices, this.weights, this.Ht, this.AHt);
    if (beta === 1) {
      rowSums(k, n, H, this.sumsK);
      tileRows(m, k, this.sumsK, this.WHHt);
    } else if (!this.denWValid) {
      betaDenominatorW(m, n, k, W, H, beta, EPSILON, this.buffer, this.WHHt);
    }
    muUpdate(m * k, W, this.AHt, this.WHHt, reg.l1W, reg.l2W, gamma, EPSILON);
    this.denWValid = false;
    if (beta < 1) zeroBelow(m * k, W, EPSILON64);
    if (this.updateH) {
      csrSampledDot(m, n, k, A.indptr, A.indices, W, this.Ht, this.wh);
      betaWeights(nnz, A.data, this.wh, beta, EPSILON, this.weights);
      csrTransposeMulDense(m, n, k, A.indptr, A.indices, this.weights, W, this.AtW);
      transpose(n, k, this.AtW, this.WtA);
      if (beta === 1) {
        colSums(m, k, W, this.sumsK);
        // An all-zero column of W would divide by zero; scikit-learn uses 1 there.
        for (let c = 0; c < k; c++) if (this.sumsK[c] === 0) this.sumsK[c] = 1;
        tileCols(k, n, this.sumsK, this.WtWH);
      } else {
        betaDenominatorH(m, n, k, W, H, beta, EPSILON, this.buffer, this.WtWH);
      }
      muUpdate(k * n, H, this.WtA, this.WtWH, reg.l1H, reg.l2H, gamma, EPSILON);
      if (beta <= 1) zeroBelow(k * n, H, EPSILON64);
    }
    // The next W update needs these products anyway; the loss from them costs O(nnz + k).
    return this.endOfEpochBeta();
  }

  /** Products of the current W and H for the next W update, and the loss they give at no extra pass. */
  private endOfEpochBeta(): number {
    const { A, m, n, k, W, H, beta } = this;
    transpose(k, n, H, this.Ht);
    csrSampledDot(m, n, k, A.indptr, A.indices, W, this.Ht, this.wh);
    if (beta !== 1) {
      this.sumBeta = betaDenominatorW(m, n, k, W, H, beta, EPSILON, this.buffer, this.WHHt);
      this.denWValid = true;
    }
    const terms = betaNonzeroTerms(A.nnz, A.data, this.wh, beta, EPSILON);
    let dense = this.sumBeta;
    if (beta === 1) {
      colSums(m, k, W, this.sumsK);
      rowSums(k, n, H, this.sumsK2);
      dense = ddot(k, this.sumsK, this.sumsK2);
    }
    return lossFromDivergence(betaDivergence(beta, terms, dense, m * n));
  }
}
