import type { NmfSettings } from '../NmfSettings.js';

/**
 * scikit-learn 1.2's stopping rules, one home for every NMF loop (the plain MU and CD solvers, the fused
 * engine, transforms):
 * - `'mu'` (`_fit_multiplicative_update`): every 10 epochs, (previous − current) / initial loss < tol,
 *   "previous" being the loss of the last check; never with tol = 0.
 * - `'cd'` (`_fit_coordinate_descent`): the epoch's summed projected-gradient violation ≤ tol × that of
 *   epoch 1.
 * A start that already fits exactly (loss or first violation 0, e.g. all-zero rows in a transform) has
 * nothing left to improve and is converged: the relative tests would divide 0 by 0.
 *
 * @example
 * ```ts
 * // internal
 * const test = new ConvergenceTest('mu', 1e-4, initialLoss);
 * if (test.needsLoss(epoch)) loss = computeLoss();
 * const converged = test.converged(epoch, loss, violation);
 * ```
 */
export class ConvergenceTest {
  private previousLoss: number;
  private violationInit = 0;

  constructor(
    private readonly solver: NmfSettings['solver'],
    private readonly tol: number,
    private readonly initialLoss: number,
  ) {
    this.previousLoss = initialLoss;
  }

  /** Whether epoch `epoch`'s test reads the loss (MU's every tenth epoch), so a solver computes it. */
  needsLoss(epoch: number): boolean {
    return this.solver === 'mu' && this.tol > 0 && epoch % 10 === 0;
  }

  /**
   * The test after epoch `epoch` (1-based, called for every epoch in order).
   * @param loss the epoch's loss (read by MU when {@link needsLoss})
   * @param violation the epoch's projected-gradient violation (read by CD)
   */
  converged(epoch: number, loss: number, violation: number): boolean {
    if (this.solver === 'cd') {
      if (epoch === 1) this.violationInit = violation;
      return this.violationInit === 0 || violation / this.violationInit <= this.tol;
    }
    if (!this.needsLoss(epoch)) return false;
    const converged = this.initialLoss === 0 || (this.previousLoss - loss) / this.initialLoss < this.tol;
    this.previousLoss = loss;
    return converged;
  }
}
