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
