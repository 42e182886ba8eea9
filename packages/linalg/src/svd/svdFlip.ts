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
  for (let c = 0; c < k; c++) {
    let best = -1;
    let value = 0;
    for (let i = 0; i < m; i++) {
      const x = u[i * k + c];
      if (Math.abs(x) > best) {
        best = Math.abs(x);
        value = x;
      }
    }
    if (value >= 0) continue;
    for (let i = 0; i < m; i++) u[i * k + c] = -u[i * k + c];
    for (let j = 0; j < n; j++) v[c * n + j] = -v[c * n + j];
  }
}
