import { isRivuletError } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { type CsrJson, csrFromJson, readFixture } from '../testing/fixtures.js';
import { transformSvd } from './transformSvd.js';

const fixture = readFixture<{ matrix: CsrJson; H: number[][]; W: number[][] }>('svd');
const A = csrFromJson(fixture.matrix);

test("transforming the training rows gives scikit-learn's fit_transform (A·Vᵀ = U·Σ)", (t) => {
  const W = transformSvd(A, DenseMatrix.fromRows(fixture.H));
  const expected = DenseMatrix.fromRows(fixture.W);
  let worst = 0;
  for (let p = 0; p < expected.data.length; p++)
    worst = Math.max(worst, Math.abs(W.data[p] - expected.data[p]));
  t.is(W.rows, A.rows);
  t.is(W.cols, fixture.H.length);
  t.true(worst < 1e-9, `differs by ${worst}`);
});

test('equals the dense product, zero rows included', (t) => {
  const dense = [
    [1, 0, 2],
    [0, 0, 0],
    [0, 3, 1],
  ];
  const Vt = DenseMatrix.fromRows([
    [0.5, -1, 2],
    [1, 1, 0],
  ]);
  const W = transformSvd(CsrMatrix.fromDense(dense), Vt);
  t.deepEqual(Array.from(W.data), [4.5, 1, 0, 0, -1, 3]);
});

test('a Vt with other terms, or not a matrix, is an invalid-option error naming the shapes', (t) => {
  const e = t.throws(() => transformSvd(A, new DenseMatrix(2, A.cols + 1)));
  t.true(isRivuletError(e, 'invalid-option'));
  t.is(
    e?.message,
    `transformSvd: Vt must be components × terms with the matrix's ${A.cols} terms, got 2 × ${A.cols + 1}`,
  );
  t.throws(() => transformSvd(A, [[1]] as unknown as DenseMatrix), {
    message: /^transformSvd: Vt must be a DenseMatrix/,
  });
  t.throws(() => transformSvd(CsrMatrix.fromDense([[-1]]), new DenseMatrix(1, 1)), {
    message: /^transformSvd: /,
  });
});
