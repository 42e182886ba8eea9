/**
 * `C = A · B` for dense row-major matrices: `A` is m × k, `B` is k × n, `C` is m × n (overwritten).
 * NMF uses it with a small k × k factor: `W · (HHᵀ)` and `(WᵀW) · H`. Cost: m · k · n.
 *
 * Each row of C is `Σ_l A[i, l] · B[l, :]` over the non-zero A[i, l] in order; four terms are added in
 * one pass over the row (a quarter of the loads and stores of C), in the same order as one at a time, so
 * the result is bit-identical to the plain loop.
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
        const a0 = A[ai + l0];
        const a1 = A[ai + l1];
        const a2 = A[ai + l2];
        const a3 = A[ai + l];
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
      const a0 = A[ai + l0];
      const b0 = l0 * n;
      if (waiting === 1) for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j];
      else {
        const a1 = A[ai + l1];
        const b1 = l1 * n;
        if (waiting === 2)
          for (let j = 0; j < n; j++) C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j];
        else {
          const a2 = A[ai + l2];
          const b2 = l2 * n;
          for (let j = 0; j < n; j++)
            C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j];
        }
      }
    }
  }
}
