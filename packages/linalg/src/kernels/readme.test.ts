import test from 'ava';

test('README snippet', async (t) => {
  // --- README snippet (keep in sync with README.md) ---
  const { CsrMatrix, csrMulDense, gram, Random } = await import('@rivulet/linalg');

  const A = CsrMatrix.fromDense([
    [1, 0, 2],
    [0, 3, 0],
  ]); // 2 × 3
  const B = Float64Array.of(1, 0, 0, 1, 1, 1); // 3 × 2, row-major
  const AB = new Float64Array(2 * 2);
  csrMulDense(A.rows, A.cols, 2, A.indptr, A.indices, A.data, B, AB); // [3, 2, 0, 3]
  const G = new Float64Array(2 * 2);
  gram(3, 2, B, G); // BᵀB = [2, 1, 1, 2]
  const random = new Random(0);
  const u = random.next(); // 0.5488135039273248, as numpy.random.RandomState(0).random_sample()
  // --- end of snippet ---
  t.deepEqual(Array.from(AB), [3, 2, 0, 3]);
  t.deepEqual(Array.from(G), [2, 1, 1, 2]);
  t.is(u, 0.5488135039273248);
});
