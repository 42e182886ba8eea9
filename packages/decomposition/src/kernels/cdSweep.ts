/**
 * One sweep of coordinate descent for non-negative least squares over every entry of `W` (m × k), in the
 * order of `permutation` over components (Hsieh & Dhillon 2011, "Fast coordinate descent methods with
 * variable selection for non-negative matrix factorization"; the same sweep as scikit-learn's
 * `_update_cdnmf_fast`). Minimises ½‖A − WH‖² + l1·|W| (+ l2 folded into `HHt`'s diagonal by the
 * caller) given `HHt = H·Hᵀ` (k × k) and `XHt = A·Hᵀ` (m × k); the gradient of entry (i, t) is
 * `(W·HHt)[i, t] − (XHt[i, t] − l1)`. Returns the sum of absolute projected gradients seen (the
 * convergence measure). `W` is updated in place. Cost: m · k².
 *
 * @example
 * ```ts
 * import { cdSweep } from '@rivulet/decomposition';
 * const w = Float64Array.of(1);
 * cdSweep(1, 1, w, Float64Array.of(2), Float64Array.of(4), 0, Int32Array.of(0)); // w = [2]
 * ```
 */
export function cdSweep(
  m: number,
  k: number,
  W: Float64Array,
  HHt: Float64Array,
  XHt: Float64Array,
  l1: number,
  permutation: Int32Array,
): number {
  let violation = 0;
  for (let s = 0; s < k; s++) {
    const t = permutation[s];
    const ht = t * k;
    const hess = HHt[ht + t];
    for (let i = 0; i < m; i++) {
      const wi = i * k;
      let grad = -(XHt[wi + t] - l1);
      for (let r = 0; r < k; r++) grad += HHt[ht + r] * W[wi + r];
      const w = W[wi + t];
      const pg = w === 0 ? Math.min(grad, 0) : grad;
      violation += Math.abs(pg);
      if (hess !== 0) {
        const next = w - grad / hess;
        W[wi + t] = Math.max(next, 0);
      }
    }
  }
  return violation;
}
