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
  /** Frees what the solver holds beyond its arrays (the fused kernels' worker thread); called once at the end. */
  close?(): void;
}
