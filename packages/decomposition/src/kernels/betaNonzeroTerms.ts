/**
 * The part of the β-divergence D_β(X ‖ WH) that runs over the stored entries of X, given `x` (stored
 * values) and `wh` (the product at the same positions): entries with x ≤ `eps` are skipped and a zero
 * product is replaced by `eps`, as scikit-learn 1.2's `_beta_divergence`. Returns
 * - β = 1 (Kullback–Leibler): Σ x·log(x / wh) − Σ x (the caller adds Σ WH);
 * - β = 0 (Itakura–Saito): Σ x / wh − Σ log(x / wh) (the caller subtracts rows · cols);
 * - other β: Σ x^β − β·Σ x·wh^(β − 1) (the caller adds (β − 1)·Σ WH^β and divides by β(β − 1)).
 * Cost: `n`.
 *
 * @example
 * ```ts
 * import { betaNonzeroTerms } from '@rivulet/decomposition';
 * betaNonzeroTerms(1, Float64Array.of(2), Float64Array.of(2), 1, 2 ** -23); // 2·log 1 − 2 = −2
 * ```
 */
export function betaNonzeroTerms(
  n: number,
  x: Float64Array,
  wh: Float64Array,
  beta: number,
  eps: number,
): number {
  let a = 0;
  let b = 0;
  for (let p = 0; p < n; p++) {
    const xv = x[p];
    if (!(xv > eps)) continue;
    let v = wh[p];
    if (v === 0) v = eps;
    if (beta === 1) {
      a += xv * Math.log(xv / v);
      b += xv;
    } else if (beta === 0) {
      const d = xv / v;
      a += d;
      b += Math.log(d);
    } else {
      a += xv ** beta;
      b += xv * v ** (beta - 1);
    }
  }
  return beta === 1 || beta === 0 ? a - b : a - beta * b;
}
