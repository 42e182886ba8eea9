import type { DenseMatrix } from '../DenseMatrix.js';

/**
 * Makes singular vectors deterministic as scikit-learn's `svd_flip(u, v, u_based_decision=True)` does:
 * for each component, the entry of largest magnitude in column `c` of `U` (the first one on ties) is made
 * positive, flipping column `c` of `U` and row `c` of `Vt` together so that `U·Σ·Vt` is unchanged.
 *
 * @param U `m × k`, left singular vectors as columns, modified in place
 * @param Vt `k × n`, right singular vectors as rows, modified in place
 *
 * @example
 * ```ts
 * import { DenseMatrix, svdFlip } from '@rivulet/linalg';
 * const U = DenseMatrix.fromRows([[-0.6], [-0.8]]);
 * const Vt = DenseMatrix.fromRows([[1, 0]]);
 * svdFlip(U, Vt); // U = [[0.6], [0.8]], Vt = [[-1, 0]]
 * ```
 */
export function svdFlip(U: DenseMatrix, Vt: DenseMatrix): void {
  const m = U.rows;
  const k = U.cols;
  if (Vt.rows !== k) {
    throw new RangeError(`svdFlip: U has ${k} columns but Vt has ${Vt.rows} rows`);
  }
  const u = U.data;
  const v = Vt.data;
  const n = Vt.cols;
  // One pass over U's rows for every column's largest entry (rows ascending per column, so the first on
  // ties, as column by column), then one to flip: walking a column at a time strides through all of U k
  // times.
  const best = new Float64Array(k).fill(-1);
  const value = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const row = i * k;
    for (let c = 0; c < k; c++) {
      const x = u[row + c];
      if (Math.abs(x) > best[c]) {
        best[c] = Math.abs(x);
        value[c] = x;
      }
    }
  }
  const flip: number[] = [];
  for (let c = 0; c < k; c++) if (value[c] < 0) flip.push(c);
  if (flip.length === 0) return;
  for (let i = 0; i < m; i++) for (const c of flip) u[i * k + c] = -u[i * k + c];
  for (const c of flip) for (let j = 0; j < n; j++) v[c * n + j] = -v[c * n + j];
}
