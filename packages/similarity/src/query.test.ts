import { isRivuletError, type Neighbour } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { from, lastValueFrom, tap, toArray } from 'rxjs';
import { cosine, LiveSimilarityIndex, nearestNeighbours, similarity, similarityIndex } from './index.js';

/** Top-k of `query` by sorting every row: best first, lower index on ties (as `query` documents). */
function bruteForce(rows: number[][], query: number[], k: number, threshold = -Infinity): number[] {
  return rows
    .map((row, index) => ({ index, score: cosine(query, row) }))
    .filter((n) => n.score >= threshold)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .map((n) => n.index);
}

// Small integers make exact ties (equal and parallel rows) frequent; zero rows stay in the index.
const dims = fc.integer({ min: 1, max: 5 });
const vectorOf = (d: number) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d });
const nonZero = (d: number) => vectorOf(d).filter((v) => v.some((x) => x !== 0));

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('query(vector, k) for vectors not in the index equals a full sort, ties by lower index', (t) => {
  fc.assert(
    fc.property(
      dims.chain((d) =>
        fc.tuple(
          fc.array(vectorOf(d), { minLength: 1, maxLength: 50 }),
          fc.array(nonZero(d), { minLength: 1, maxLength: 5 }),
        ),
      ),
      fc.integer({ min: 1, max: 55 }),
      ([rows, queries], k) => {
        const index = similarityIndex(
          DenseMatrix.fromRows(rows),
          rows.map((_, i) => `r${i}`),
        );
        for (const q of queries) {
          const got = index.query(q, k);
          const want = bruteForce(rows, q, k);
          // Ties within rounding may swap, so check ranks by score and each neighbour's own score.
          if (got.length !== want.length) return false;
          for (let p = 0; p < got.length; p++) {
            if (Math.abs(got[p].score - cosine(q, rows[want[p]])) > 1e-12) return false;
            if (Math.abs(got[p].score - cosine(q, rows[got[p].index])) > 1e-12) return false;
            if (got[p].id !== `r${got[p].index}`) return false;
            if (p > 0 && got[p - 1].score === got[p].score && got[p - 1].index > got[p].index) return false;
          }
        }
        return true;
      },
    ),
  );
  t.pass();
});

test('exact ties come back by lower row index, in query, queryMany and topK alike', (t) => {
  // Rows 1, 3 and 4 are parallel to [1, 1]: equal unit rows, so exactly equal scores.
  const rows = DenseMatrix.fromRows([
    [1, 0],
    [1, 1],
    [0, 1],
    [2, 2],
    [3, 3],
  ]);
  const index = similarityIndex(rows);
  const order = (ns: Neighbour[]) => ns.map((n) => n.index);
  t.deepEqual(order(index.query([5, 5], 3)), [1, 3, 4]);
  t.deepEqual(order(index.queryMany(DenseMatrix.fromRows([[5, 5]]), 3)[0]), [1, 3, 4]);
  t.deepEqual(order(index.topK(3, 2)), [1, 4]);
});

test('queryMany equals query row by row, bit for bit, across blocks of queries', (t) => {
  // 150 queries cross the 64-query blocks; 13 dimensions and 201 rows leave partial SIMD tiles.
  const d = 13;
  const value = (p: number) =>
    Math.sin(p * 12.9898) * 43758.5453 - Math.floor(Math.sin(p * 12.9898) * 43758.5453);
  const rows = new DenseMatrix(
    201,
    d,
    Float64Array.from({ length: 201 * d }, (_, p) => value(p) - 0.3),
  );
  const queries = new DenseMatrix(
    150,
    d,
    Float64Array.from({ length: 150 * d }, (_, p) => value(p + 1e5)),
  );
  for (const index of [similarityIndex(rows), liveIndexOf(rows)]) {
    const many = index.queryMany(queries, 7, { threshold: 0.2 });
    t.is(many.length, 150);
    for (let q = 0; q < 150; q++) t.deepEqual(many[q], index.query(queries.row(q), 7, { threshold: 0.2 }));
    t.true(many.every((ns) => ns.every((n) => n.score >= 0.2)));
  }
});

function liveIndexOf(rows: DenseMatrix): LiveSimilarityIndex {
  const live = new LiveSimilarityIndex();
  for (let i = 0; i < rows.rows; i++) live.add(`doc${i}`, rows.row(i));
  return live;
}

test('an all-zero query is refused with a clear error, never answered with arbitrary rows', (t) => {
  const index = similarityIndex(
    DenseMatrix.fromRows([
      [1, 0],
      [0, 1],
    ]),
  );
  const single = thrown(() => index.query([0, 0], 1));
  t.true(isRivuletError(single, 'invalid-input'));
  t.is(
    (single as Error).message,
    'similarityIndex: vector is all zeros: its cosine with every row is 0, so it has no nearest neighbours (a text with no known term has no topics); leave such queries out',
  );
  const many = thrown(() =>
    index.queryMany(
      DenseMatrix.fromRows([
        [1, 1],
        [0, 0],
      ]),
      1,
    ),
  );
  t.true(isRivuletError(many, 'invalid-input'));
  t.regex((many as Error).message, /^similarityIndex: vectors row 1 is all zeros/);
  const live = new LiveSimilarityIndex({ embed: () => [0, 0] });
  live.add('a', [1, 0]);
  t.regex(
    (thrown(() => live.query('no known word', 1)) as Error).message,
    /^LiveSimilarityIndex: embed\("no known word"\) is all zeros/,
  );
});

test('bad queries: wrong length, non-finite values, a non-matrix, bad k or threshold', (t) => {
  const index = similarityIndex(DenseMatrix.fromRows([[1, 0, 0]]));
  const cases: [() => unknown, string, string][] = [
    [
      () => index.query([1, 0], 1),
      'invalid-input',
      'similarityIndex: vector must have 3 values (the dimension), got 2',
    ],
    [
      () => index.query([1, Number.NaN, 0], 1),
      'invalid-input',
      'similarityIndex: vector[1] must be a finite number, got NaN',
    ],
    [() => index.query([1, 0, 0], 0), 'invalid-option', 'similarityIndex: k must be an integer ≥ 1, got 0'],
    [
      () => index.queryMany(DenseMatrix.fromRows([[1, 0]]), 1),
      'invalid-input',
      'similarityIndex: vectors must have 3 columns (the dimension), got 1 × 2',
    ],
    [
      () => index.queryMany([[1, 0, 0]] as unknown as DenseMatrix, 1),
      'invalid-input',
      'similarityIndex: vectors must be a DenseMatrix (queries × dimension), got an array of length 1',
    ],
    [
      () => index.queryMany(DenseMatrix.fromRows([[1, 0, Number.POSITIVE_INFINITY]]), 1),
      'invalid-input',
      'similarityIndex: vectors (0, 2) must be a finite number, got Infinity',
    ],
  ];
  for (const [call, kind, message] of cases) {
    const error = thrown(call);
    t.true(isRivuletError(error, kind as 'invalid-input'), message);
    t.is((error as Error).message, message);
  }
  t.true(
    isRivuletError(
      thrown(() => index.query([1, 0, 0], 1, { threshold: 2 })),
      'invalid-option',
    ),
  );
  t.deepEqual(index.queryMany(new DenseMatrix(0, 3), 2), []);
});

test('nearestNeighbours errors its stream on an all-zero row, after the documents before it', async (t) => {
  const seen: string[] = [];
  const error = await lastValueFrom(
    from([
      { id: 'a', row: [1, 0] },
      { id: 'empty', row: [0, 0] },
      { id: 'b', row: [0, 1] },
    ]).pipe(
      nearestNeighbours({ k: 1 }),
      tap((d) => seen.push(d.id)),
    ),
  )
    .then(() => undefined)
    .catch((e: unknown) => e);
  t.true(isRivuletError(error, 'invalid-input'));
  t.regex((error as Error).message, /^LiveSimilarityIndex: row is all zeros/);
  t.deepEqual(seen, ['a']);
});

test('the similarity operator builds another kind of index with the index option, and checks it is a function', async (t) => {
  const rows = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
  ]);
  const seen: [number, readonly string[] | undefined][] = [];
  const [index] = await lastValueFrom(
    from([rows]).pipe(
      similarity({
        ids: ['a', 'b'],
        index: (m, ids) => {
          seen.push([m.rows, ids]);
          return similarityIndex(m, ids);
        },
      }),
      toArray(),
    ),
  );
  t.deepEqual(seen, [[2, ['a', 'b']]]);
  t.like(index.query([1, 0.1], 1), [{ id: 'a' }]);
  const error = await lastValueFrom(from([rows]).pipe(similarity({ index: 'usearch' as never })))
    .then(() => undefined)
    .catch((e: unknown) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(
    (error as Error).message,
    /^similarity: index must be a function \(rows, ids\) => SimilarityIndex, got/,
  );
});
