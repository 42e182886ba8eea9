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

test('README FastNmf snippet', async (t) => {
  // --- README snippet (keep in sync with README.md) ---
  const { CsrMatrix, DenseMatrix, FastNmf } = await import('@rivulet/linalg');

  const A = CsrMatrix.fromDense([
    [1, 0, 2],
    [0, 3, 1],
  ]);
  const engine = new FastNmf(A, DenseMatrix.fromRows([[1], [1]]), DenseMatrix.fromRows([[1, 1, 1]]), {
    solver: 'mu',
  });
  for (let i = 0; i < 50; i++) engine.iterate();
  const loss = engine.loss(); // ‖A − WH‖_F, computed from the Gram matrices in O(k²)
  engine.close(); // stops the second thread, if one was started
  // --- end of snippet ---
  const W = engine.W;
  const H = engine.H;
  let explicit = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) explicit += (A.toDense().get(i, j) - W.get(i, 0) * H.get(0, j)) ** 2;
  }
  t.true(Math.abs(loss - Math.sqrt(explicit)) < 1e-9);
});
