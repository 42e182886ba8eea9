import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { untilResult } from '@rivulet/core';
import { loadModel, saveModel, topTerms, trainSvd } from '@rivulet/decomposition';
import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';

test('README snippet: LSA, top terms and a saved model', async (t) => {
  const vocabulary = ['apple', 'banana', 'cherry', 'date'];
  const A = CsrMatrix.fromDense([
    [1, 1, 0, 0],
    [2, 1, 0, 0],
    [0, 0, 1, 3],
    [0, 0, 2, 1],
  ]);
  const { W, H, loss } = await untilResult(trainSvd(A, { components: 2, nIter: 7 }));
  const topics = topTerms(H, vocabulary, 2);

  const dir = join(await mkdtemp(join(tmpdir(), 'lsa-')), 'model');
  t.teardown(() => rm(join(dir, '..'), { recursive: true, force: true }));
  const weighting = { kind: 'count', norm: null } as const;
  await saveModel(dir, { settings: { decomposer: 'svd', components: 2 }, vocabulary, weighting, H, W });
  const model = await loadModel(dir);

  t.deepEqual(
    topics.map((topic) => topic.terms.map((x) => x.term)),
    [
      ['date', 'cherry'],
      ['apple', 'banana'],
    ],
  );
  // The two discarded singular values are those of the blocks' second directions: σ² = (7 − √45)/2, (15 − √125)/2.
  t.true(Math.abs(loss - Math.sqrt((7 - Math.sqrt(45)) / 2 + (15 - Math.sqrt(125)) / 2)) < 1e-9);
  t.deepEqual(model.H, H);
  t.deepEqual(model.settings, { decomposer: 'svd', components: 2 });
});
