/**
 * `C ← α·A·B + β·C` for dense row-major matrices (BLAS `dgemm` with `transa = transb = 'N'`): `A` is
 * m × k, `B` is k × n, `C` is m × n. As in the reference BLAS, β = 0 overwrites C without reading it (so
 * NaN or garbage there is ignored) and α = 0 only scales C. NMF uses it with a small k × k factor:
 * `W · (HHᵀ)` and `(WᵀW) · H`, both with α = 1, β = 0. Cost: m · k · n.
 *
 * Each row of C is first scaled by β, then `Σ_l (α·A[i, l])·B[l, :]` is added over the non-zero A[i, l]
 * in order (the reference BLAS's order: α multiplies the coefficient, the row of B is not scaled). Four
 * terms are added in one pass over the row (a quarter of the loads and stores of C), in the same order
 * as one at a time, so the result is bit-identical to the plain loop; with α = 1 the coefficients are
 * A's own, so `gemm(m, k, n, 1, A, B, 0, C)` is exactly the plain product.
 *
 * @example
 * ```ts
 * import { gemm } from '@rivulet/linalg';
 * const c = Float64Array.of(1);
 * gemm(1, 2, 1, 2, Float64Array.of(1, 2), Float64Array.of(3, 4), 0.5, c); // c = [2·11 + 0.5·1] = [22.5]
 * ```
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  alpha: number,
  A: Float64Array,
  B: Float64Array,
  beta: number,
  C: Float64Array,
): void {
  if (beta === 0) C.fill(0, 0, m * n);
  else if (beta !== 1) for (let p = 0; p < m * n; p++) C[p] *= beta;
  if (alpha === 0) return;
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    // Up to three non-zero coefficients wait here until a fourth completes a pass.
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let waiting = 0;
    for (let l = 0; l < k; l++) {
      if (A[ai + l] === 0) continue;
      if (waiting === 0) l0 = l;
      else if (waiting === 1) l1 = l;
      else if (waiting === 2) l2 = l;
      else {
        const a0 = alpha * A[ai + l0];
        const a1 = alpha * A[ai + l1];
        const a2 = alpha * A[ai + l2];
        const a3 = alpha * A[ai + l];
        const b0 = l0 * n;
        const b1 = l1 * n;
        const b2 = l2 * n;
        const b3 = l * n;
        for (let j = 0; j < n; j++) {
          C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
        }
        waiting = 0;
        continue;
      }
      waiting++;
    }
    if (waiting > 0) {
      const a0 = alpha * A[ai + l0];
      const b0 = l0 * n;
      if (waiting === 1) for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j];
      else {
        const a1 = alpha * A[ai + l1];
        const b1 = l1 * n;
        if (waiting === 2)
          for (let j = 0; j < n; j++) C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j];
        else {
          const a2 = alpha * A[ai + l2];
          const b2 = l2 * n;
          for (let j = 0; j < n; j++)
            C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j];
        }
      }
    }
  }
}
