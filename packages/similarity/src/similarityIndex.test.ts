import { isRivuletError, type Neighbour } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { pairwiseCosine, similarityIndex } from './index.js';

/** The top-k by sorting every other row: best score first, lower index on ties. */
function bruteTopK(cos: DenseMatrix, i: number, k: number): number[] {
  const others = [];
  for (let j = 0; j < cos.rows; j++) if (j !== i) others.push({ j, s: cos.get(i, j) });
  others.sort((a, b) => b.s - a.s || a.j - b.j);
  return others.slice(0, k).map((o) => o.j);
}

// Small integer entries make exact ties (equal and parallel rows) frequent.
const rows = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }), {
    minLength: 1,
    maxLength: 40,
  }),
);

test('query(vector, k) ranks the rows by cosine to a vector the index does not hold, ties by lower index', (t) => {
  fc.assert(
    fc.property(rows, fc.integer({ min: 1, max: 45 }), (data, k) => {
      const m = DenseMatrix.fromRows(data);
      const query = Float64Array.from(data[0], (v, c) => v + c + 1);
      // An all-zero vector is refused (see query.test.ts), so it is not a case here.
      if (query.every((v) => v === 0)) return true;
      const extended = DenseMatrix.fromRows([...data, Array.from(query)]);
      // The vector as an extra last row: its neighbours among the others are the query's answer.
      const want = bruteTopK(pairwiseCosine(extended), m.rows, k);
      const got = similarityIndex(m).query(query, k);
      return got.length === Math.min(k, m.rows) && got.every((n, p) => n.index === want[p]);
    }),
  );
  const index = similarityIndex(
    DenseMatrix.fromRows([
      [1, 0],
      [0, 1],
    ]),
    ['a', 'b'],
  );
  t.deepEqual(
    index.query([2, 1], 1).map((n) => n.id),
    ['a'],
  );
  t.true(
    isRivuletError(
      t.throws(() => index.query([1, 2, 3], 1)),
      'invalid-input',
    ),
  );
  t.true(
    isRivuletError(
      t.throws(() => index.query([1, Number.NaN], 1)),
      'invalid-input',
    ),
  );
  t.true(
    isRivuletError(
      t.throws(() => index.query([1, 0], 0)),
      'invalid-option',
    ),
  );
});

test('topK equals a full sort of the row of the pairwise matrix, ties by lower index', (t) => {
  fc.assert(
    fc.property(rows, fc.nat(), fc.integer({ min: 1, max: 45 }), (data, at, k) => {
      const m = DenseMatrix.fromRows(data);
      const index = similarityIndex(m);
      const cos = pairwiseCosine(m);
      const i = at % m.rows;
      const got = index.topK(i, k);
      const want = bruteTopK(cos, i, k);
      return (
        got.length === Math.min(k, m.rows - 1) &&
        got.every((n, p) => n.index === want[p] && n.score === cos.get(i, n.index) && n.id === undefined)
      );
    }),
  );
  t.pass();
});

test('cosine(i, j) agrees with pairwise(), and size is the number of rows', (t) => {
  const m = DenseMatrix.fromRows([
    [1, 0, 2],
    [0, 0, 0],
    [2, 1, 1],
  ]);
  const index = similarityIndex(m);
  const cos = index.pairwise();
  t.is(index.size, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) t.is(index.cosine(i, j), cos.get(i, j));
  t.is(index.cosine(1, 1), 0);
});

test('neighbours carry ids; k above size − 1 returns every other row, best first', (t) => {
  const m = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const got: Neighbour[] = similarityIndex(m, ['x', 'y', 'z']).topK(0, 10);
  t.deepEqual(
    got.map((n) => n.id),
    ['z', 'y'],
  );
  t.like(got[1], { index: 1, id: 'y', score: 0 });
  t.deepEqual(similarityIndex(DenseMatrix.fromRows([[1, 2]])).topK(0, 3), []);
});

test('the index copies the rows: later changes to the matrix do not affect it', (t) => {
  const m = DenseMatrix.fromRows([
    [1, 0],
    [1, 1],
  ]);
  const index = similarityIndex(m);
  const before = index.cosine(0, 1);
  m.set(1, 1, 0);
  t.is(index.cosine(0, 1), before);
});

test('bad k, row indices, ids and maxBytes are errors naming them', (t) => {
  const index = similarityIndex(DenseMatrix.fromRows([[1], [2], [3]]), ['a', 'b', 'c'], { maxBytes: 8 });
  const k0 = t.throws(() => index.topK(0, 0));
  t.true(isRivuletError(k0, 'invalid-option'));
  t.is(k0?.message, 'similarityIndex: k must be an integer ≥ 1, got 0');
  t.is(t.throws(() => index.topK(0, 1.5))?.message, 'similarityIndex: k must be an integer ≥ 1, got 1.5');
  t.is(
    t.throws(() => index.topK(3, 1))?.message,
    'similarityIndex: i must be an integer in [0, size − 1] = [0, 2], got 3',
  );
  t.is(
    t.throws(() => index.cosine(0, -1))?.message,
    'similarityIndex: j must be an integer in [0, size − 1] = [0, 2], got -1',
  );
  t.true(
    isRivuletError(
      t.throws(() => index.pairwise()),
      'limit',
    ),
  );
  const ids = t.throws(() => similarityIndex(DenseMatrix.fromRows([[1], [2]]), ['a']));
  t.true(isRivuletError(ids, 'invalid-input'));
  t.is(
    ids?.message,
    'similarityIndex: ids must be an array of 2 strings (one per row), got an array of length 1',
  );
});
