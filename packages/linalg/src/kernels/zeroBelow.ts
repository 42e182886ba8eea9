/**
 * Sets to 0 the entries of `X` (length n) below `threshold`: scikit-learn's guard for β < 1 (and H for
 * β ≤ 1), where tiny values would otherwise blow up under negative powers. Cost: n.
 *
 * @example
 * ```ts
 * import { zeroBelow } from '@rivulet/linalg';
 * const x = Float64Array.of(1e-12, 1);
 * zeroBelow(2, x, 1e-9); // x = [0, 1]
 * ```
 */
export function zeroBelow(n: number, X: Float64Array, threshold: number): void {
  for (let i = 0; i < n; i++) if (X[i] < threshold) X[i] = 0;
}
