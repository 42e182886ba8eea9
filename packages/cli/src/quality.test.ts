import { readFileSync } from 'node:fs';
import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';
import { normalizedMutualInformation } from './normalizedMutualInformation.js';
import { npmiCoherence } from './npmiCoherence.js';

interface Fixture {
  docs: string[][];
  topics: string[][];
  coherence: number[];
  nmi: { a: number[]; b: number[]; nmi: number }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/quality.json', import.meta.url), 'utf8'),
) as Fixture;

test('npmiCoherence equals gensim log_ratio_measure(normalize=True) over boolean documents', (t) => {
  const vocabulary = [...new Set(fixture.docs.flat())].sort();
  const column = new Map(vocabulary.map((w, j) => [w, j]));
  const dense = fixture.docs.map((doc) => {
    const row = new Array<number>(vocabulary.length).fill(0);
    // Weights other than 1 must not matter: occurrence is boolean.
    for (const w of doc) row[column.get(w)!] = 0.5 + doc.length;
    return row;
  });
  const matrix = CsrMatrix.fromDense(dense);
  const got = npmiCoherence(
    matrix,
    fixture.topics.map((topic) => topic.map((w) => column.get(w)!)),
  );
  t.is(got.length, fixture.coherence.length);
  for (let i = 0; i < got.length; i++) t.true(Math.abs(got[i] - fixture.coherence[i]) < 1e-12, `topic ${i}`);
});

test('npmiCoherence: a topic of one term has no pairs', (t) => {
  const matrix = CsrMatrix.fromDense([
    [1, 0],
    [1, 1],
  ]);
  t.true(Number.isNaN(npmiCoherence(matrix, [[0]])[0]));
  // Terms always together are perfectly coherent… up to gensim's ε in the logarithms.
  const together = CsrMatrix.fromDense([
    [1, 1],
    [0, 0],
  ]);
  t.true(Math.abs(npmiCoherence(together, [[0, 1]])[0] - 1) < 1e-9);
});

test('normalizedMutualInformation equals scikit-learn normalized_mutual_info_score', (t) => {
  for (const { a, b, nmi } of fixture.nmi) {
    t.true(Math.abs(normalizedMutualInformation(a, b) - nmi) < 1e-12, `${a} / ${b}`);
  }
  t.is(normalizedMutualInformation(['x', 'y', 'x'], [3, 4, 3]), 1);
  t.throws(() => normalizedMutualInformation([1], []), { instanceOf: RangeError });
});
