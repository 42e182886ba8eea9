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
