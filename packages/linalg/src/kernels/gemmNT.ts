import { gemmNtWasm, gemmNtWasmAvailable } from '../fast/gemmNtWasm.js';

/** Below this many rows of A the product runs in plain TypeScript: packing B would cost as much as it. */
const WASM_MIN_ROWS = 4;

/**
 * `C = A · Bᵀ` for dense row-major matrices (BLAS `dgemm` with `transa = 'N'`, `transb = 'T'`): `A` is
 * m × k, `B` is n × k, `C` is m × n (overwritten). Each entry is the dot product of a row of A and a row of
 * B — e.g. a block of queries against the stored rows of a similarity index. Cost: m · k · n.
 *
 * With 4 or more rows of A and WebAssembly SIMD available it runs a 4 × 4 register-tiled SIMD kernel,
 * emitted at first use by the in-repo writer, on cache panels of B; otherwise a plain loop. Both sum each
 * entry in order of the shared index from 0 with separate multiplies and adds, so they give the same
 * bits (`ddot` of the two rows) and results never depend on the path taken.
 *
 * @example
 * ```ts
 * import { gemmNT } from '@rivulet/linalg';
 * const C = new Float64Array(2);
 * gemmNT(1, 2, 2, Float64Array.of(1, 2), Float64Array.of(3, 4, 5, 6), C); // C = [11, 17]
 * ```
 * @param m rows of A and C
 * @param k columns of A and B
 * @param n rows of B, columns of C
 */
export function gemmNT(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
): void {
  if (k === 0) {
    C.fill(0, 0, m * n);
    return;
  }
  if (m >= WASM_MIN_ROWS && gemmNtWasmAvailable()) {
    gemmNtWasm(m, k, n, A, B, C);
    return;
  }
  for (let i = 0; i < m; i++) {
    const a = i * k;
    const c = i * n;
    for (let j = 0; j < n; j++) {
      const b = j * k;
      let sum = 0;
      for (let l = 0; l < k; l++) sum += A[a + l] * B[b + l];
      C[c + j] = sum;
    }
  }
}
