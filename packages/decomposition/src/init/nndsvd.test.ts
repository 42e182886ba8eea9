import { readFileSync } from 'node:fs';
import { isRivuletError } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { type NndsvdVariant, nndsvdInit } from './nndsvd.js';

interface Fixture {
  matrix: { rows: number; cols: number; indptr: number[]; indices: number[]; data: number[] };
  components: number;
  seed: number;
  cases: Record<NndsvdVariant, { W: number[][]; H: number[][] }>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/nndsvd.json', import.meta.url), 'utf8'),
) as Fixture;
const A = new CsrMatrix(
  fixture.matrix.rows,
  fixture.matrix.cols,
  Int32Array.from(fixture.matrix.indptr),
  Int32Array.from(fixture.matrix.indices),
  Float64Array.from(fixture.matrix.data),
);

function maxAbsDiff(actual: DenseMatrix, expected: number[][]): number {
  const e = DenseMatrix.fromRows(expected);
  let worst = actual.rows === e.rows && actual.cols === e.cols ? 0 : Number.POSITIVE_INFINITY;
  for (let p = 0; p < e.data.length; p++) worst = Math.max(worst, Math.abs(actual.data[p] - e.data[p]));
  return worst;
}

for (const variant of ['nndsvd', 'nndsvda', 'nndsvdar'] as const) {
  test(`${variant} matches scikit-learn's _initialize_nmf given the same exact SVD to 1e-8`, (t) => {
    const { W, H } = nndsvdInit(A, fixture.components, variant, fixture.seed, 'nmf', 'exact');
    const expected = fixture.cases[variant];
    t.true(maxAbsDiff(W, expected.W) < 1e-8, `W differs by ${maxAbsDiff(W, expected.W)}`);
    t.true(maxAbsDiff(H, expected.H) < 1e-8, `H differs by ${maxAbsDiff(H, expected.H)}`);
  });
}

test("'auto' uses the exact SVD for a small matrix and dense input gives the same start", (t) => {
  const auto = nndsvdInit(A.toDense(), fixture.components, 'nndsvd', 0);
  t.true(maxAbsDiff(auto.W, fixture.cases.nndsvd.W) < 1e-8);
  t.true(maxAbsDiff(auto.H, fixture.cases.nndsvd.H) < 1e-8);
});

test("'randomized' gives a non-negative start of the right shapes close to the exact one", (t) => {
  const { W, H } = nndsvdInit(A, 2, 'nndsvd', 0, 'nmf', 'randomized');
  t.is(W.rows, A.rows);
  t.is(W.cols, 2);
  t.is(H.rows, 2);
  t.is(H.cols, A.cols);
  t.true(W.data.every((x) => x >= 0) && H.data.every((x) => x >= 0));
  const exact = nndsvdInit(A, 2, 'nndsvd', 0, 'nmf', 'exact');
  // The leading triplet is well separated here, so both SVDs agree on the first component.
  for (let i = 0; i < A.rows; i++) t.true(Math.abs(W.get(i, 0) - exact.W.get(i, 0)) < 1e-4);
});

test('written over the triplets (k = min(rows, cols)) or beside them, a component is the same bits', (t) => {
  // The exact SVD's triplets do not depend on k: with k = min(rows, cols) U and Vt have exactly W's and
  // H's shapes and are overwritten; with a smaller k they are not, and the leading components must agree.
  const full = Math.min(A.rows, A.cols);
  const small = fixture.components;
  t.true(small < full);
  for (const variant of ['nndsvd', 'nndsvda'] as const) {
    const over = nndsvdInit(A, full, variant, 0, 'nmf', 'exact');
    const beside = nndsvdInit(A, small, variant, 0, 'nmf', 'exact');
    for (let i = 0; i < A.rows; i++)
      for (let c = 0; c < small; c++) t.is(over.W.get(i, c), beside.W.get(i, c), `W ${i},${c}`);
    for (let c = 0; c < small; c++)
      for (let j = 0; j < A.cols; j++) t.is(over.H.get(c, j), beside.H.get(c, j), `H ${c},${j}`);
  }
});

test('nndsvd keeps zeros, nndsvda fills them with mean(A), nndsvdar with small positive values', (t) => {
  const plain = nndsvdInit(A, 3, 'nndsvd', 0);
  const filled = nndsvdInit(A, 3, 'nndsvda', 0);
  const random = nndsvdInit(A, 3, 'nndsvdar', 0);
  let mean = 0;
  for (const v of A.data) mean += v;
  mean /= A.rows * A.cols;
  t.true(plain.W.data.some((x) => x === 0));
  for (let p = 0; p < plain.W.data.length; p++) {
    if (plain.W.data[p] === 0) {
      t.is(filled.W.data[p], mean);
      t.true(random.W.data[p] > 0 && random.W.data[p] < mean);
    } else {
      t.is(filled.W.data[p], plain.W.data[p]);
    }
  }
});

test('components above min(rows, cols) is an invalid-option error naming the stage, the value and the bound', (t) => {
  const error = t.throws(() => nndsvdInit(A, 25, 'nndsvda', 0, 'nmf'));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(
    error?.message,
    'nmf: components must be an integer in [1, min(rows, cols)] = [1, 24] for init "nndsvda", got 25',
  );
  t.throws(() => nndsvdInit(A, 0, 'nndsvd', 0), { message: /^nndsvd: components/ });
  t.throws(() => nndsvdInit(A, 2, 'nndsvdx' as NndsvdVariant, 0, 'nmf'), {
    message: 'nmf: init must be one of "nndsvd", "nndsvda", "nndsvdar", got "nndsvdx"',
  });
});
