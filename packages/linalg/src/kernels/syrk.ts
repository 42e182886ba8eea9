/** Rows per block: a 64-row panel of X stays in cache while the other panel streams past it. */
const BLOCK = 64;

/**
 * The Gram matrix of the rows, `C = X·Xᵀ` (BLAS `dsyrk`), of a dense row-major `X` (n × d); `C` (n × n) is
 * overwritten and exactly symmetric. NMF uses it for `HHᵀ` (k × k from k × n); similarity for the
 * pairwise cosines of unit rows (n × n from n × d). Cost: n² · d / 2.
 *
 * Blocked by panels of 64 rows and, inside a block, by 4 × 4 tiles whose 16 dot products share their
 * loads (each X value read feeds four products instead of one), as in the register blocking of Goto & van
 * de Geijn, "Anatomy of high-performance matrix multiplication" (ACM TOMS 34(3), 2008). Only tiles on or
 * above the diagonal are computed; the lower triangle is then mirrored. Every entry is one dot product
 * summed in order of the column index from 0, so it equals `ddot` of the two rows bit for bit.
 *
 * @example
 * ```ts
 * import { syrk } from '@rivulet/linalg';
 * const C = new Float64Array(4);
 * syrk(2, 2, Float64Array.of(1, 2, 3, 4), C); // [5, 11, 11, 25]
 * ```
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
      for (let i = bi; i < iEnd; i += 4) {
        for (let j = Math.max(bj, i); j < jEnd; j += 4) {
          if (i + 4 <= iEnd && j + 4 <= jEnd) tile4x4(n, d, X, C, i, j);
          else tileEdge(n, d, X, C, i, Math.min(i + 4, iEnd), j, Math.min(j + 4, jEnd));
        }
      }
    }
  }
  // Mirror block by block, so that the column-wise reads stay within cached rows.
  for (let bi = 0; bi < n; bi += BLOCK) {
    const iEnd = Math.min(bi + BLOCK, n);
    for (let bj = 0; bj <= bi; bj += BLOCK) {
      for (let i = bi; i < iEnd; i++) {
        const ci = i * n;
        const jEnd = Math.min(bj + BLOCK, i);
        for (let j = bj; j < jEnd; j++) C[ci + j] = C[j * n + i];
      }
    }
  }
}

/** C[i..i+4, j..j+4] = X[i..i+4] · X[j..j+4]ᵀ with 16 accumulators. */
function tile4x4(n: number, d: number, X: Float64Array, C: Float64Array, i: number, j: number): void {
  const a0 = i * d;
  const a1 = a0 + d;
  const a2 = a1 + d;
  const a3 = a2 + d;
  const b0 = j * d;
  const b1 = b0 + d;
  const b2 = b1 + d;
  const b3 = b2 + d;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let k = 0; k < d; k++) {
    const x0 = X[a0 + k];
    const x1 = X[a1 + k];
    const x2 = X[a2 + k];
    const x3 = X[a3 + k];
    const y0 = X[b0 + k];
    const y1 = X[b1 + k];
    const y2 = X[b2 + k];
    const y3 = X[b3 + k];
    c00 += x0 * y0;
    c01 += x0 * y1;
    c02 += x0 * y2;
    c03 += x0 * y3;
    c10 += x1 * y0;
    c11 += x1 * y1;
    c12 += x1 * y2;
    c13 += x1 * y3;
    c20 += x2 * y0;
    c21 += x2 * y1;
    c22 += x2 * y2;
    c23 += x2 * y3;
    c30 += x3 * y0;
    c31 += x3 * y1;
    c32 += x3 * y2;
    c33 += x3 * y3;
  }
  let c = i * n + j;
  C[c] = c00;
  C[c + 1] = c01;
  C[c + 2] = c02;
  C[c + 3] = c03;
  c += n;
  C[c] = c10;
  C[c + 1] = c11;
  C[c + 2] = c12;
  C[c + 3] = c13;
  c += n;
  C[c] = c20;
  C[c + 1] = c21;
  C[c + 2] = c22;
  C[c + 3] = c23;
  c += n;
  C[c] = c30;
  C[c + 1] = c31;
  C[c + 2] = c32;
  C[c + 3] = c33;
}

/** The partial tiles at block edges, one dot product at a time. */
function tileEdge(
  n: number,
  d: number,
  X: Float64Array,
  C: Float64Array,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
): void {
  for (let i = i0; i < i1; i++) {
    const a = i * d;
    for (let j = j0; j < j1; j++) {
      const b = j * d;
      let sum = 0;
      for (let k = 0; k < d; k++) sum += X[a + k] * X[b + k];
      C[i * n + j] = sum;
    }
  }
}
