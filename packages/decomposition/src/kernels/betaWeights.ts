/**
 * The weights `out[p] = x[p] · v^(β − 2)` of the β-divergence multiplicative update's numerator, where
 * `v = wh[p]`, replaced by `eps` where it is exactly 0 and β < 2 (a negative power of zero), as
 * scikit-learn 1.2 does (Févotte & Idier 2011, "Algorithms for nonnegative matrix factorization with the
 * β-divergence"). `x` are the stored values of the data, `wh` the product at the same positions
 * (see `csrSampledDot`). `out` may alias `wh`. Cost: `n`.
 *
 * @example
 * ```ts
 * import { betaWeights } from '@rivulet/decomposition';
 * const out = new Float64Array(1);
 * betaWeights(1, Float64Array.of(3), Float64Array.of(2), 1, 2 ** -23, out); // KL: x / wh = [1.5]
 * ```
 */
export function betaWeights(
  n: number,
  x: Float64Array,
  wh: Float64Array,
  beta: number,
  eps: number,
  out: Float64Array,
): void {
  const safe = beta < 2;
  for (let p = 0; p < n; p++) {
    let v = wh[p];
    if (safe && v === 0) v = eps;
    if (beta === 1) out[p] = x[p] / v;
    else if (beta === 0) out[p] = x[p] * (1 / v) ** 2;
    else out[p] = x[p] * v ** (beta - 2);
  }
}
