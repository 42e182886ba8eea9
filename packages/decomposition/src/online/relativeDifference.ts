/**
 * ‖a − b‖ / ‖a‖ over the first `n` entries: scikit-learn's relative change of a factor, which
 * `MiniBatchNMF` tests against `tol` (`_solve_W` for W, `_minibatch_convergence` for H).
 *
 * @example
 * ```ts
 * // internal: OnlineNmf.solveW and trainOnlineNmf
 * relativeDifference(Float64Array.of(3, 4), Float64Array.of(3, 0), 2); // 4 / 5
 * ```
 */
export function relativeDifference(a: Float64Array, b: Float64Array, n: number): number {
  let diff = 0;
  let norm = 0;
  for (let p = 0; p < n; p++) {
    const d = a[p] - b[p];
    diff += d * d;
    norm += a[p] * a[p];
  }
  return Math.sqrt(diff) / Math.sqrt(norm);
}
