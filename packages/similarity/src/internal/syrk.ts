/** Rows per block: a 64-row panel of X stays in cache while the other panel streams past it. */
const BLOCK = 64;

/**
 * The Gram matrix of rows, C = X·Xᵀ (BLAS `dsyrk`), blocked by panels of rows. Only blocks on or above
 * the diagonal are computed; the lower triangle is mirrored, so C is exactly symmetric.
 *
 * @param n rows of X
 * @param d columns of X
 * @param X n × d, row-major
 * @param C n × n, row-major, written (not accumulated)
 */
export function syrk(n: number, d: number, X: Float64Array, C: Float64Array): void {
  for (let bi = 0; bi < n; bi += BLOCK) {
    const iEnd = Math.min(bi + BLOCK, n);
    for (let bj = bi; bj < n; bj += BLOCK) {
      const jEnd = Math.min(bj + BLOCK, n);
      for (let i = bi; i < iEnd; i++) {
        const xi = i * d;
        const ci = i * n;
        for (let j = Math.max(bj, i); j < jEnd; j++) {
          const xj = j * d;
          let sum = 0;
          for (let k = 0; k < d; k++) sum += X[xi + k] * X[xj + k];
          C[ci + j] = sum;
        }
      }
    }
  }
  for (let i = 1; i < n; i++) {
    const ci = i * n;
    for (let j = 0; j < i; j++) C[ci + j] = C[j * n + i];
  }
}
