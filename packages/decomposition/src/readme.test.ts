import test from 'ava';

test('README snippet', async (t) => {
  // --- README snippet (keep in sync with README.md) ---
  const { fitNmf, transformNmf } = await import('@rivulet/decomposition');
  const { CsrMatrix } = await import('@rivulet/linalg');

  // 6 documents × 6 terms: two topics over disjoint vocabularies
  const A = CsrMatrix.fromDense([
    [3, 1, 2, 0, 0, 0],
    [2, 2, 1, 0, 0, 0],
    [1, 3, 2, 0, 0, 0],
    [0, 0, 0, 2, 1, 3],
    [0, 0, 0, 1, 3, 1],
    [0, 0, 0, 3, 2, 2],
  ]);
  const { W, H, loss, epochs, converged } = await fitNmf(A, { components: 2, solver: 'cd', maxEpochs: 500 });
  const fresh = transformNmf(CsrMatrix.fromDense([[2, 2, 2, 0, 0, 0]]), H, { solver: 'cd' });
  // --- end of snippet ---
  const topicOf = (row: Float64Array) => (row[0] >= row[1] ? 0 : 1);
  const first = topicOf(W.row(0));
  t.deepEqual(
    [0, 1, 2, 3, 4, 5].map((i) => topicOf(W.row(i))),
    [first, first, first, 1 - first, 1 - first, 1 - first],
  );
  t.is(topicOf(fresh.row(0)), first);
  t.true(converged);
  t.true(epochs < 500);
  t.true(loss < 0.5 * Math.hypot(...A.data), `loss ${loss}`);
});

test('README FastNmf snippet', async (t) => {
  // --- README snippet (keep in sync with README.md) ---
  const { FastNmf } = await import('@rivulet/decomposition');
  const { CsrMatrix, DenseMatrix } = await import('@rivulet/linalg');

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
