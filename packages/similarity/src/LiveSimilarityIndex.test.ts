import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { cosine, LiveSimilarityIndex, pairwiseCosine } from './index.js';

/** Top-k against every stored row, by a full sort: best first, lower index on ties. */
function bruteForce(rows: number[][], query: number[], k: number, threshold = -Infinity) {
  return rows
    .map((row, index) => ({ index, score: cosine(query, row) }))
    .filter((n) => n.score >= threshold)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k);
}

const SMALL = fc.integer({ min: -3, max: 3 });

test('a query at any moment equals brute force over the rows added so far', (t) => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 4 })
        .chain((d) =>
          fc.tuple(
            fc.array(fc.array(SMALL, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 40 }),
            fc.array(SMALL, { minLength: d, maxLength: d }),
          ),
        ),
      fc.integer({ min: 1, max: 8 }),
      fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
      ([rows, query], k, threshold) => {
        // A capacity of 1 makes the storage double several times along the way.
        const index = new LiveSimilarityIndex({ initialCapacity: 1 });
        for (let n = 0; n < rows.length; n++) {
          index.add(`doc${n}`, rows[n]);
          if (query.every((v) => v === 0)) {
            // An all-zero query has no direction: refused, never answered with arbitrary rows.
            const error = (() => {
              try {
                index.query(query, k);
              } catch (e) {
                return e;
              }
            })();
            if (!isRivuletError(error, 'invalid-input')) return false;
            continue;
          }
          const got = index.query(query, k, threshold === undefined ? {} : { threshold });
          const seen = rows.slice(0, n + 1);
          // A score within rounding of the threshold may fall either side of it: nothing to compare.
          if (threshold !== undefined && seen.some((r) => Math.abs(cosine(query, r) - threshold) < 1e-9)) {
            continue;
          }
          const want = bruteForce(seen, query, k, threshold);
          if (got.length !== want.length) return false;
          for (let p = 0; p < got.length; p++) {
            // Ties equal up to rounding may come in another order, so compare scores by rank and check
            // that each neighbour's score and id are its own.
            if (Math.abs(got[p].score - want[p].score) > 1e-12) return false;
            if (Math.abs(got[p].score - cosine(query, seen[got[p].index])) > 1e-12) return false;
            if (got[p].id !== `doc${got[p].index}`) return false;
          }
        }
        return index.size === rows.length;
      },
    ),
  );
  t.pass();
});

test('it is also a SimilarityIndex over the rows added so far', (t) => {
  const rows = [
    [1, 0, 0],
    [0.5, 0.5, 0],
    [0, 0, 0],
    [0, 1, 1],
  ];
  const index = new LiveSimilarityIndex({ initialCapacity: 1 });
  rows.forEach((row, i) => {
    t.is(index.add(String(i), row), i);
  });
  t.is(index.size, 4);
  t.is(index.dimension, 3);
  t.deepEqual(index.pairwise().toArrays(), pairwiseCosine(DenseMatrix.fromRows(rows)).toArrays());
  t.deepEqual(
    index.topK(1, 2).map((n) => n.id),
    ['0', '3'],
  );
  t.is(index.cosine(0, 2), 0);
});

test('texts are embedded by the function the caller supplies', (t) => {
  const embed = (text: string) => [text.split('a').length - 1, text.split('b').length - 1];
  const index = new LiveSimilarityIndex({ embed });
  index.add('x', 'aaa');
  index.add('y', 'bbb');
  index.add('z', [1, 1]);
  t.deepEqual(
    index.query('a b b b b', 2).map((n) => n.id),
    ['y', 'z'],
  );
});

test('without embed a text is an invalid-input error saying how to supply one', (t) => {
  const index = new LiveSimilarityIndex();
  const error = t.throws(() => index.query('some text', 1));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(
    error?.message,
    'LiveSimilarityIndex: row is a text ("some text") but the index has no embed function; create it with { embed: (text) => row } (similarity does not tokenize or vectorize text itself)',
  );
});

test('an empty index answers no neighbours; its dimension comes from options or the first row', (t) => {
  const index = new LiveSimilarityIndex();
  t.is(index.dimension, undefined);
  t.deepEqual(index.query([1, 2], 3), []);
  t.is(new LiveSimilarityIndex({ dimension: 4 }).dimension, 4);
  const fixed = new LiveSimilarityIndex({ dimension: 2 });
  t.is(
    t.throws(() => fixed.add('a', [1, 2, 3]))?.message,
    'LiveSimilarityIndex: row must have 2 values (the dimension), got 3',
  );
});

test('bad rows, ids, k, threshold and options are errors naming them', (t) => {
  const index = new LiveSimilarityIndex();
  index.add('a', [1, 2]);
  const wrong = t.throws(() => index.add('b', [1]));
  t.true(isRivuletError(wrong, 'invalid-input'));
  t.is(wrong?.message, 'LiveSimilarityIndex: row must have 2 values (the dimension), got 1');
  t.is(
    t.throws(() => index.add('b', [1, Number.NaN]))?.message,
    'LiveSimilarityIndex: row[1] must be a finite number, got NaN',
  );
  t.is(
    t.throws(() => index.add(7 as unknown as string, [1, 2]))?.message,
    'LiveSimilarityIndex: id must be a string, got 7',
  );
  t.is(
    t.throws(() => new LiveSimilarityIndex().add('a', []))?.message,
    'LiveSimilarityIndex: row must have at least 1 value, got 0',
  );
  const k = t.throws(() => index.query([1, 2], 0));
  t.true(isRivuletError(k, 'invalid-option'));
  t.is(k?.message, 'LiveSimilarityIndex: k must be an integer ≥ 1, got 0');
  t.is(
    t.throws(() => index.query([1, 2], 1, { threshold: 2 }))?.message,
    'LiveSimilarityIndex: threshold must be a finite number in [-1, 1], got 2',
  );
  t.is(index.size, 1);
  // biome-ignore lint/suspicious/noExplicitAny: a typo in an option name
  const typo = t.throws(() => new LiveSimilarityIndex({ dimensions: 3 } as any));
  t.regex(typo?.message ?? '', /unknown option "dimensions" \(did you mean "dimension"\?\)/);
  t.is(
    t.throws(() => new LiveSimilarityIndex({ embed: 'tfidf' as unknown as () => number[] }))?.message,
    'LiveSimilarityIndex: embed must be a function (text) => row, got "tfidf"',
  );
  t.is(
    t.throws(() => new LiveSimilarityIndex({ initialCapacity: 0 }))?.message,
    'LiveSimilarityIndex: initialCapacity must be an integer ≥ 1, got 0',
  );
});
