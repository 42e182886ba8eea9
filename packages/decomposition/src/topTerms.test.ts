import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { topTerms } from './topTerms.js';

test('topTerms lists the n largest weights per component, best first', (t) => {
  const H = DenseMatrix.fromRows([
    [0.1, 0.9, 0.5, 0],
    [2, 0, 0, 3],
  ]);
  t.deepEqual(topTerms(H, ['a', 'b', 'c', 'd'], 2), [
    {
      index: 0,
      terms: [
        { term: 'b', weight: 0.9 },
        { term: 'c', weight: 0.5 },
      ],
    },
    {
      index: 1,
      terms: [
        { term: 'd', weight: 3 },
        { term: 'a', weight: 2 },
      ],
    },
  ]);
});

test('topTerms breaks ties by vocabulary order and handles negative (SVD) weights', (t) => {
  const H = DenseMatrix.fromRows([[-1, 0.5, -0.2, 0.5, 0.5]]);
  const [topic] = topTerms(H, ['v', 'w', 'x', 'y', 'z'], 4);
  t.deepEqual(
    topic.terms.map((x) => x.term),
    ['w', 'y', 'z', 'x'],
  );
});

test('topTerms equals a full stable sort by weight (property)', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 60 }),
      (weights, wanted) => {
        const n = Math.min(wanted, weights.length);
        const vocabulary = weights.map((_, j) => `t${j}`);
        const [topic] = topTerms(DenseMatrix.fromRows([weights]), vocabulary, n);
        const expected = weights
          .map((w, j) => ({ term: `t${j}`, weight: w }))
          .sort((a, b) => b.weight - a.weight)
          .slice(0, n);
        return JSON.stringify(topic.terms) === JSON.stringify(expected);
      },
    ),
  );
  t.pass();
});

test('topTerms rejects a bad n, a vocabulary of the wrong length and a non-matrix H', (t) => {
  const H = DenseMatrix.fromRows([[1, 2, 3]]);
  const error = t.throws(() => topTerms(H, ['a', 'b', 'c'], 4));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error?.message, 'topTerms: n must be an integer in [1, vocabulary length] = [1, 3], got 4');
  t.throws(() => topTerms(H, ['a', 'b', 'c'], 1.5), { message: /n must be an integer/ });
  t.throws(() => topTerms(H, ['a', 'b'], 1), {
    message: 'topTerms: H has 3 columns but the vocabulary has 2 terms; they must be equal',
  });
  t.throws(() => topTerms([[1]] as unknown as DenseMatrix, ['a'], 1), { message: /H must be a DenseMatrix/ });
});
