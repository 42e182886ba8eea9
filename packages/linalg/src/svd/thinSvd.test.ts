import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { CsrMatrix, DenseMatrix, svdFlip, thinSvd } from '../index.js';

interface DenseCase {
  A: number[][];
  U: number[][];
  s: number[];
  Vt: number[][];
}
interface Fixture {
  [name: string]: unknown;
  tfidf: {
    csr: { rows: number; cols: number; indptr: number[]; indices: number[]; data: number[] };
    s: number[];
  };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/svd.json', import.meta.url), 'utf8'),
) as Fixture;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** ‖A − U·diag(s)·Vt‖_max. */
function reconstructionError(a: DenseMatrix, U: DenseMatrix, s: Float64Array, Vt: DenseMatrix): number {
  let worst = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      let sum = 0;
      for (let c = 0; c < s.length; c++) sum += U.get(i, c) * s[c] * Vt.get(c, j);
      worst = Math.max(worst, Math.abs(sum - a.get(i, j)));
    }
  }
  return worst;
}

/** ‖XᵀX − I‖_max over the columns of X (`byRows`: over its rows). */
function orthonormalityError(x: DenseMatrix, byRows: boolean): number {
  const m = byRows ? x.transpose() : x;
  let worst = 0;
  for (let a = 0; a < m.cols; a++) {
    for (let b = 0; b < m.cols; b++) {
      let dot = 0;
      for (let i = 0; i < m.rows; i++) dot += m.get(i, a) * m.get(i, b);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

for (const name of ['tall-7x5', 'wide-4x9', 'square-6x6', 'graded-5x5']) {
  test(`thinSvd matches scipy.linalg.svd + svd_flip on ${name}`, (t) => {
    const ref = fixture[name] as DenseCase;
    const { U, s, Vt } = thinSvd(DenseMatrix.fromRows(ref.A));
    t.is(s.length, ref.s.length);
    for (let i = 0; i < s.length; i++) {
      t.true(
        Math.abs(s[i] - ref.s[i]) <= 1e-12 * ref.s[i] + 1e-14 * ref.s[0],
        `σ${i}: ${s[i]} vs ${ref.s[i]}`,
      );
    }
    t.true(maxAbsDiff(U.data, DenseMatrix.fromRows(ref.U).data) < 1e-9);
    t.true(maxAbsDiff(Vt.data, DenseMatrix.fromRows(ref.Vt).data) < 1e-9);
  });
}

test('thinSvd keeps small singular values to high relative accuracy (graded matrix)', (t) => {
  const ref = fixture['graded-5x5'] as DenseCase;
  const { s } = thinSvd(DenseMatrix.fromRows(ref.A));
  t.true(Math.abs(s[4] - ref.s[4]) / ref.s[4] < 1e-8);
});

test('thinSvd of a real TF-IDF matrix matches scipy to 1e-12 relative', (t) => {
  const { csr, s: expected } = fixture.tfidf;
  const a = new CsrMatrix(
    csr.rows,
    csr.cols,
    Int32Array.from(csr.indptr),
    Int32Array.from(csr.indices),
    Float64Array.from(csr.data),
  );
  const { U, s, Vt } = thinSvd(a.toDense());
  for (let i = 0; i < s.length; i++) t.true(Math.abs(s[i] - expected[i]) <= 1e-12 * expected[0]);
  t.true(orthonormalityError(U, false) < 1e-12);
  t.true(orthonormalityError(Vt, true) < 1e-12);
});

test('thinSvd completes the right vectors of a rank-deficient matrix to an orthonormal set', (t) => {
  const a = DenseMatrix.fromRows([
    [1, 2, 3],
    [2, 4, 6],
    [0, 0, 0],
  ]);
  const { U, s, Vt } = thinSvd(a);
  t.true(Math.abs(s[0] - Math.sqrt(70)) < 1e-12);
  t.is(s[2], 0);
  t.true(orthonormalityError(Vt, true) < 1e-12);
  t.true(orthonormalityError(U, false) < 1e-12);
  t.true(reconstructionError(a, U, s, Vt) < 1e-12);
});

test('thinSvd: factors are orthonormal, reconstruct A and singular values descend (property)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 7 }),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 49, maxLength: 49 }),
      (m, n, values) => {
        const a = new DenseMatrix(m, n, Float64Array.from(values.slice(0, m * n)));
        const { U, s, Vt } = thinSvd(a);
        const r = Math.min(m, n);
        if (U.rows !== m || U.cols !== r || Vt.rows !== r || Vt.cols !== n || s.length !== r) return false;
        for (let i = 1; i < r; i++) if (s[i] > s[i - 1] || s[i] < 0) return false;
        const scale = Math.max(1, s[0]);
        return (
          reconstructionError(a, U, s, Vt) < 1e-11 * scale &&
          orthonormalityError(U, false) < 1e-10 &&
          orthonormalityError(Vt, true) < 1e-10
        );
      },
    ),
  );
  t.pass();
});

test('svdFlip makes the largest-magnitude entry of each U column positive and keeps U·Vt', (t) => {
  const U = DenseMatrix.fromRows([
    [-0.6, 0.8],
    [-0.8, -0.6],
  ]);
  const Vt = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
  ]);
  svdFlip(U, Vt);
  t.deepEqual(U.toArrays(), [
    [0.6, 0.8],
    [0.8, -0.6],
  ]);
  t.deepEqual(
    Array.from(Vt.data, (x) => x + 0),
    [-1, 0, 0, 1],
  );
  t.throws(() => svdFlip(U, DenseMatrix.zeros(3, 2)), { instanceOf: RangeError });
});
