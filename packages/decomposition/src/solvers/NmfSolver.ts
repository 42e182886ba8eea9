import type { EpochOutcome } from '@rivulet/core';

/**
 * One NMF run's numbers: the factors, updated in place by `step`. The fit loop (core's `trainingLoop`,
 * or `transformNmf`'s plain loop) owns everything else.
 */
export interface NmfSolver {
  /** rows × components, row-major. */
  readonly W: Float64Array;
  /** components × columns, row-major (for CD, materialised on read). */
  readonly H: Float64Array;
  /** The loss of the starting factors. */
  readonly initialLoss: number;
  /**
   * Runs epoch `epoch` (1-based). The loss is exact after every epoch when the solver was made with
   * `everyEpoch`; otherwise it is computed only where the convergence test needs it (NaN elsewhere).
   */
  step(epoch: number): EpochOutcome;
}

/** float32 machine epsilon, scikit-learn's `EPSILON` for zero denominators in NMF. */
export const EPSILON = 2 ** -23;

/** float64 machine epsilon, scikit-learn's threshold below which MU zeroes factors when β ≤ 1. */
export const EPSILON64 = 2 ** -52;

/** The regularisation weights after scikit-learn 1.2's scaling (`_compute_regularization`). */
export interface Regularization {
  readonly l1W: number;
  readonly l1H: number;
  readonly l2W: number;
  readonly l2H: number;
}

/**
 * Scales `alphaW`/`alphaH` by the data's size as scikit-learn 1.2 does: W's terms by the number of
 * columns (features), H's by the number of rows (samples), so that the penalty's weight relative to the
 * loss does not depend on the size of the training set.
 */
export function regularization(
  rows: number,
  cols: number,
  alphaW: number,
  alphaH: number,
  l1Ratio: number,
): Regularization {
  return {
    l1W: cols * alphaW * l1Ratio,
    l1H: rows * alphaH * l1Ratio,
    l2W: cols * alphaW * (1 - l1Ratio),
    l2H: rows * alphaH * (1 - l1Ratio),
  };
}

/**
 * √(loss²) where loss² = ‖A‖² − 2⟨A, WH⟩ + ‖WH‖² was computed by expansion. The expansion cancels
 * catastrophically when the fit is nearly exact, so a small negative result is rounding and means 0;
 * "small" is 1e-10 of the terms' magnitude (the summation error of millions of terms stays far below it).
 * Anything more negative cannot come from rounding and is reported as the bug it would be.
 */
export function frobeniusFromSquares(normA2: number, cross: number, normWH2: number): number {
  const loss2 = normA2 - 2 * cross + normWH2;
  if (loss2 >= 0) return Math.sqrt(loss2);
  if (loss2 >= -1e-10 * (normA2 + normWH2)) return 0;
  throw new RangeError(`nmf: internal error, the squared loss is ${loss2} (‖A‖² = ${normA2})`);
}
