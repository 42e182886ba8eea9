import { type CsrMatrix, DenseMatrix, dsum, Random } from '@rivulet/linalg';

/**
 * A strictly positive seeded start scaled to the data, as scikit-learn 1.2's `init='random'`:
 * entries |N(0, 1)| · √(mean(A) / k), H drawn before W from numpy's legacy generator seeded with `seed`,
 * so `randomInit(A, k, s)` equals scikit-learn's start for `random_state=s` number for number.
 * (A zero draw has probability 0 with 53-bit normals.)
 *
 * @returns `W` rows × k and `H` k × cols
 */
export function randomInit(A: CsrMatrix, k: number, seed: number): { W: DenseMatrix; H: DenseMatrix } {
  const mean = dsum(A.nnz, A.data) / (A.rows * A.cols);
  const scale = Math.sqrt(mean / k);
  const random = new Random(seed);
  const H = new DenseMatrix(k, A.cols);
  const W = new DenseMatrix(A.rows, k);
  for (let p = 0; p < H.data.length; p++) H.data[p] = Math.abs(scale * random.normal());
  for (let p = 0; p < W.data.length; p++) W.data[p] = Math.abs(scale * random.normal());
  return { W, H };
}
