/**
 * `C = A · B` for dense row-major matrices: `A` is m × k, `B` is k × n, `C` is m × n (overwritten).
 * NMF uses it with a small k × k factor: `W · (HHᵀ)` and `(WᵀW) · H`. Cost: m · k · n.
 *
 * @example
 * ```ts
 * import { gemm } from '@rivulet/linalg';
 * const c = new Float64Array(1);
 * gemm(1, 2, 1, Float64Array.of(1, 2), Float64Array.of(3, 4), c); // c = [11]
 * ```
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
): void {
  C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let l = 0; l < k; l++) {
      const a = A[ai + l];
      if (a === 0) continue;
      const bl = l * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bl + j];
    }
  }
}
