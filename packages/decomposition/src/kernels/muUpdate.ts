/**
 * One multiplicative update, in place: `X[i] *= (num[i] / d)^gamma` with the denominator
 * `d = den[i] + l1 + l2 · X[i]`, and `d = eps` where that is exactly 0 (Lee & Seung 2001, "Algorithms for
 * non-negative matrix factorization"; the regularised and β-divergence form of Févotte & Idier 2011,
 * "Algorithms for nonnegative matrix factorization with the β-divergence"). The operations and their order
 * are scikit-learn 1.2's (`_multiplicative_update_w`/`_h`), so equal inputs give equal numbers; `eps` is
 * float32 machine epsilon there. `num` and `den` are read only. Cost: `n`.
 *
 * @example
 * ```ts
 * import { muUpdate } from '@rivulet/decomposition';
 * const x = Float64Array.of(1, 1);
 * muUpdate(2, x, Float64Array.of(2, 1), Float64Array.of(1, 0), 0, 0, 1, 2 ** -23); // x = [2, 2²³]
 * ```
 */
export function muUpdate(
  n: number,
  X: Float64Array,
  num: Float64Array,
  den: Float64Array,
  l1: number,
  l2: number,
  gamma: number,
  eps: number,
): void {
  for (let i = 0; i < n; i++) {
    let d = den[i];
    if (l1 > 0) d += l1;
    if (l2 > 0) d = d + l2 * X[i];
    if (d === 0) d = eps;
    let r = num[i] / d;
    if (gamma !== 1) r = r ** gamma;
    X[i] *= r;
  }
}
