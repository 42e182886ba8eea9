/**
 * Sum of the first `n` entries of `x` (the mean of a sparse matrix is this over its stored values
 * divided by rows · cols). Cost: n.
 *
 * @example
 * ```ts
 * import { dsum } from '@rivulet/linalg';
 * dsum(3, Float64Array.of(1, 2, 3)); // 6
 * ```
 */
export function dsum(n: number, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  return sum;
}
