import { readFileSync } from 'node:fs';
import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { cosine, pairwiseCosine } from './index.js';

interface Fixture {
  readonly cases: { name: string; rows: number[][]; cosine: number[][] }[];
}
const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../fixtures/similarity.json', import.meta.url), 'utf8'),
);

for (const c of fixture.cases) {
  test(`equals scikit-learn's cosine_similarity: ${c.name}`, (t) => {
    const got = pairwiseCosine(DenseMatrix.fromRows(c.rows));
    t.is(got.rows, c.rows.length);
    t.is(got.cols, c.rows.length);
    for (let i = 0; i < got.rows; i++) {
      for (let j = 0; j < got.cols; j++) {
        const diff = Math.abs(got.get(i, j) - c.cosine[i][j]);
        if (diff > 1e-12) t.fail(`(${i}, ${j}): ${got.get(i, j)} vs ${c.cosine[i][j]}`);
      }
    }
    t.pass();
  });
}

/** Random matrices with rows above one 64-row block, so the blocked product crosses block edges. */
const matrix = fc
  .record({ n: fc.integer({ min: 0, max: 150 }), d: fc.integer({ min: 1, max: 5 }), seed: fc.integer() })
  .map(({ n, d, seed }) => {
    let s = seed >>> 0;
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32 - 0.3;
    };
    // Every seventh row is zero to keep the zero-norm guard in play.
    return DenseMatrix.fromRows(
      Array.from({ length: n }, (_, i) => Array.from({ length: d }, () => (i % 7 === 3 ? 0 : next()))),
    );
  });

test('symmetric, unit diagonal for non-zero rows, each entry the cosine of its two rows', (t) => {
  fc.assert(
    fc.property(matrix, (m) => {
      const c = pairwiseCosine(m);
      for (let i = 0; i < m.rows; i++) {
        const zero = m.row(i).every((v) => v === 0);
        if (c.get(i, i) !== (zero ? 0 : 1)) return false;
        for (let j = 0; j < m.rows; j++) {
          if (c.get(i, j) !== c.get(j, i)) return false;
          if (i !== j && Math.abs(c.get(i, j) - cosine(m.row(i), m.row(j))) > 1e-12) return false;
        }
      }
      return true;
    }),
    { numRuns: 30 },
  );
  t.pass();
});

test('an empty matrix gives an empty matrix', (t) => {
  const c = pairwiseCosine(new DenseMatrix(0, 3));
  t.is(c.rows, 0);
  t.is(c.cols, 0);
});

test('above maxBytes it refuses with a limit error naming the size and suggesting topK', (t) => {
  const m = DenseMatrix.fromRows([[1], [2], [3]]);
  t.is(pairwiseCosine(m, { maxBytes: 72 }).rows, 3);
  const error = t.throws(() => pairwiseCosine(m, { maxBytes: 71 }));
  t.true(isRivuletError(error, 'limit'));
  t.is(
    error?.message,
    'pairwiseCosine: the 3 × 3 cosine matrix needs 72 B (size² × 8 bytes), above maxBytes = 71 (71 B); ask for nearest neighbours with topK(i, k) instead, or raise maxBytes',
  );
});

test('the default limit is 1 GiB: 11 586 rows are refused before anything is allocated', (t) => {
  const error = t.throws(() => pairwiseCosine(new DenseMatrix(11_586, 1)));
  t.true(isRivuletError(error, 'limit'));
  t.regex(error?.message ?? '', /needs 1\.0 GiB .* above maxBytes = 1073741824 \(1\.0 GiB\)/);
});

test('bad input and options are errors naming them', (t) => {
  const nan = t.throws(() =>
    pairwiseCosine(
      DenseMatrix.fromRows([
        [1, 2],
        [3, Number.NaN],
      ]),
    ),
  );
  t.true(isRivuletError(nan, 'invalid-input'));
  t.is(nan?.message, 'pairwiseCosine: rows (1, 1) must be a finite number, got NaN');
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const arrays = t.throws(() => pairwiseCosine([[1, 2]] as any));
  t.is(
    arrays?.message,
    'pairwiseCosine: rows must be a DenseMatrix (rows × dimension), got an array of length 1',
  );
  const bytes = t.throws(() => pairwiseCosine(new DenseMatrix(1, 1), { maxBytes: 0 }));
  t.true(isRivuletError(bytes, 'invalid-option'));
  t.is(bytes?.message, 'pairwiseCosine: maxBytes must be an integer ≥ 1, got 0');
  // biome-ignore lint/suspicious/noExplicitAny: a typo in an option name
  const typo = t.throws(() => pairwiseCosine(new DenseMatrix(1, 1), { maxByte: 5 } as any));
  t.regex(typo?.message ?? '', /unknown option "maxByte" \(did you mean "maxBytes"\?\)/);
});
