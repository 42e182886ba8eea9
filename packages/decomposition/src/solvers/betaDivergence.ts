/**
 * D_β(A ‖ W·H) for β ≠ 2 from the pieces the multiplicative updates compute anyway, as scikit-learn 1.2's
 * `_beta_divergence` on sparse data (Févotte & Idier 2011, "Algorithms for nonnegative matrix
 * factorization with the β-divergence"): `nonzeroTerms` is `betaNonzeroTerms` over A's stored entries,
 * `denseTerm` the sum over all entries of W·H (β = 1) or of (W·H)^β (other β; unused for β = 0), and
 * `entries` = rows · cols. Shared by the batch solver and the mini-batch one.
 *
 * @example
 * ```ts
 * // internal: MuSolver and OnlineNmf
 * const d = betaDivergence(1, betaNonzeroTerms(nnz, data, wh, 1, EPSILON), sumOfWH, rows * cols);
 * ```
 */
export function betaDivergence(
  beta: number,
  nonzeroTerms: number,
  denseTerm: number,
  entries: number,
): number {
  if (beta === 1) return nonzeroTerms + denseTerm;
  if (beta === 0) return nonzeroTerms - entries;
  return (nonzeroTerms + (beta - 1) * denseTerm) / (beta * (beta - 1));
}

/**
 * The loss reported for a β-divergence: scikit-learn's `reconstruction_err_`, √(2·D_β). D_β ≥ 0 exactly;
 * a negative value can only be rounding of a near-exact fit (its terms cancel), and reads as 0. For the
 * Frobenius loss, where the expansion's cancellation is bounded, see `frobeniusFromSquares`.
 */
export function lossFromDivergence(divergence: number): number {
  return Math.sqrt(2 * Math.max(divergence, 0));
}
