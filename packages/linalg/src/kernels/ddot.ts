/**
 * Dot product of the first `n` entries of `x` and `y` (BLAS `ddot` with unit strides). Also the Frobenius
 * inner product ⟨X, Y⟩ = trace(XᵀY) of two equally shaped row-major matrices, with `n = rows · cols`.
 *
 * @example
 * ```ts
 * import { ddot } from '@rivulet/linalg';
 * ddot(3, Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)); // 32
 * ```
 */
export function ddot(n: number, x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] * y[i];
  return sum;
}
