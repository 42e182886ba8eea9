import { isRivuletError } from '@rivulet/core';
import { DenseMatrix, Random } from '@rivulet/linalg';
import { similarityIndex } from '@rivulet/similarity';
import test from 'ava';
import { usearchIndex } from './index.js';

/** Clustered non-negative rows, like topic rows: 40 centres, each row a noisy copy of one. */
function topicLikeRows(n: number, d: number, seed: number): DenseMatrix {
  const random = new Random(seed);
  const centres = Array.from({ length: 40 }, () => Array.from({ length: d }, () => random.next() ** 3));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[random.interval(39)];
    for (let l = 0; l < d; l++) data[i * d + l] = c[l] * (0.5 + random.next());
  }
  return new DenseMatrix(n, d, data);
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('recall@10 against the exact index is at least 0.99 on 3,000 topic-like rows; scores are exact', (t) => {
  const rows = topicLikeRows(3000, 20, 1);
  const queries = topicLikeRows(200, 20, 2);
  const exact = similarityIndex(rows);
  const approximate = usearchIndex(rows);
  const want = exact.queryMany(queries, 10);
  const got = approximate.queryMany(queries, 10);
  let hits = 0;
  for (let q = 0; q < want.length; q++) {
    const truth = new Set(want[q].map((n) => n.index));
    hits += got[q].filter((n) => truth.has(n.index)).length;
    for (let p = 0; p < got[q].length; p++) {
      const n = got[q][p];
      // Each score is the exact cosine, and the list is best first with ties by lower index.
      t.true(Math.abs(n.score - cosineOf(queries.row(q), rows.row(n.index))) < 1e-12);
      if (p > 0) {
        const before = got[q][p - 1];
        t.true(before.score > n.score || (before.score === n.score && before.index < n.index));
      }
    }
  }
  const recall = hits / (10 * want.length);
  t.log(`recall@10 = ${recall}`);
  t.true(recall >= 0.99, `recall@10 ${recall}`);
});

function cosineOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let l = 0; l < a.length; l++) {
    dot += a[l] * b[l];
    aa += a[l] * a[l];
    bb += b[l] * b[l];
  }
  return dot / Math.sqrt(aa * bb);
}

test('the SimilarityIndex interface: size, exact cosine and pairwise, topK without the row itself, ids', (t) => {
  const rows = DenseMatrix.fromRows([
    [1, 0],
    [0.9, 0.1],
    [0, 1],
    [0, 0],
    [0.1, 0.9],
  ]);
  const ids = ['a', 'b', 'c', 'zero', 'd'];
  const exact = similarityIndex(rows, ids);
  const index = usearchIndex(rows, ids, { quantization: 'f64' });
  t.is(index.size, 5);
  t.is(index.cosine(0, 1), exact.cosine(0, 1));
  t.deepEqual(index.pairwise(), exact.pairwise());
  t.like(index.topK(0, 1), [{ index: 1, id: 'b' }]);
  t.deepEqual(
    index.topK(2, 10).map((n) => n.id),
    ['d', 'b', 'a'],
  );
  t.like(index.query([1, 0.05], 1), [{ index: 0, id: 'a' }]);
  t.deepEqual(
    index.query([0, 1], 5, { threshold: 0.5 }).map((n) => n.id),
    ['c', 'd'],
  );
  t.deepEqual(index.settings, {
    connectivity: 16,
    expansionAdd: 128,
    expansionSearch: 128,
    quantization: 'f64',
    oversample: 2,
    threads: 1,
  });
});

test('bad input and options are RivuletErrors naming them; an all-zero query is refused', (t) => {
  const rows = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
  ]);
  const index = usearchIndex(rows);
  const cases: [() => unknown, string, string][] = [
    [
      () => index.query([0, 0], 1),
      'invalid-input',
      'usearchIndex: vector is all zeros: its cosine with every row is 0, so it has no nearest neighbours (a text with no known term has no topics); leave such queries out',
    ],
    [
      () => index.query([1], 1),
      'invalid-input',
      'usearchIndex: vector must have 2 values (the dimension), got 1',
    ],
    [
      () => index.query([1, Number.NaN], 1),
      'invalid-input',
      'usearchIndex: vector[1] must be a finite number, got NaN',
    ],
    [
      () =>
        index.queryMany(
          DenseMatrix.fromRows([
            [1, 1],
            [0, 0],
          ]),
          1,
        ),
      'invalid-input',
      'usearchIndex: vectors row 1 is all zeros: its cosine with every row is 0, so it has no nearest neighbours (a text with no known term has no topics); leave such queries out',
    ],
    [() => index.query([1, 0], 0), 'invalid-option', 'usearchIndex: k must be an integer ≥ 1, got 0'],
    [
      () => usearchIndex(rows, undefined, { connectivity: 1 }),
      'invalid-option',
      'usearchIndex: connectivity must be an integer in [2, 1024], got 1',
    ],
    [
      () => usearchIndex(rows, ['one']),
      'invalid-input',
      'similarityIndex: ids must be an array of 2 strings (one per row), got an array of length 1',
    ],
  ];
  for (const [call, kind, message] of cases) {
    const error = thrown(call);
    t.true(isRivuletError(error, kind as 'invalid-input'), message);
    t.is((error as Error).message, message);
  }
  t.true(
    isRivuletError(
      thrown(() => usearchIndex(rows, undefined, { quantisation: 'f32' } as never)),
      'invalid-option',
    ),
  );
});
