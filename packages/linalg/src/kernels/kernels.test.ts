import test from 'ava';
import fc from 'fast-check';
import {
  argmaxRows,
  CsrMatrix,
  csrMulDense,
  csrSampledDot,
  csrTransposeMulDense,
  DenseMatrix,
  ddot,
  gemm,
  gram,
  syrk,
  transpose,
} from '../index.js';

/** Naive dense product, the reference every kernel is checked against. */
function matmul(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  const out = new DenseMatrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let l = 0; l < a.cols; l++) s += a.get(i, l) * b.get(l, j);
      out.set(i, j, s);
    }
  return out;
}

const close = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-12 * (1 + Math.abs(b[i])));

const dims = fc.record({
  m: fc.integer({ min: 1, max: 6 }),
  n: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 4 }),
});
const values = (size: number, sparse: boolean) =>
  fc
    .array(
      sparse
        ? fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true }))
        : fc.double({ min: -3, max: 3, noNaN: true }),
      { minLength: size, maxLength: size },
    )
    .map((v) => Float64Array.from(v));

test('sparse and dense products agree with the naive product', (t) => {
  fc.assert(
    fc.property(
      dims.chain(({ m, n, k }) =>
        fc.tuple(fc.constant({ m, n, k }), values(m * n, true), values(k * n, false), values(m * k, false)),
      ),
      ([{ m, n, k }, a, b, w]) => {
        const A = new DenseMatrix(m, n, a);
        const S = CsrMatrix.fromDense(A);
        const B = new DenseMatrix(k, n, b);
        const W = new DenseMatrix(m, k, w);
        const out = new Float64Array(m * k);
        csrMulDense(m, n, k, S.indptr, S.indices, S.data, B.transpose().data, out);
        if (!close(out, matmul(A, B.transpose()).data)) return false;
        const nk = new Float64Array(n * k);
        csrTransposeMulDense(m, n, k, S.indptr, S.indices, S.data, w, nk);
        if (!close(nk, matmul(A.transpose(), W).data)) return false;
        const sampled = new Float64Array(S.nnz);
        csrSampledDot(m, n, k, S.indptr, S.indices, w, B.transpose().data, sampled);
        const WH = matmul(W, B);
        for (let i = 0, p = 0; i < m; i++)
          for (; p < S.indptr[i + 1]; p++)
            if (
              Math.abs(sampled[p] - WH.get(i, S.indices[p])) >
              1e-12 * (1 + Math.abs(WH.get(i, S.indices[p])))
            )
              return false;
        const kk = new Float64Array(k * k);
        gram(m, k, w, kk);
        if (!close(kk, matmul(W.transpose(), W).data)) return false;
        syrk(k, n, b, kk);
        if (!close(kk, matmul(B, B.transpose()).data)) return false;
        const nk2 = new Float64Array(n * k);
        transpose(k, n, b, nk2);
        if (!close(nk2, B.transpose().data)) return false;
        const mn = new Float64Array(m * n);
        gemm(m, k, n, 1, w, b, 0, mn);
        return close(mn, WH.data) && Math.abs(ddot(m * k, w, w) - w.reduce((s, v) => s + v * v, 0)) < 1e-9;
      },
    ),
  );
  t.pass();
});

test('CSR kernels on a block of rows (row0, valueShift) equal the kernels on that block copied out', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 1000 }),
      (rows, n, k, seed) => {
        let s = seed;
        const next = () => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        const dense = Array.from({ length: rows }, () =>
          Array.from({ length: n }, () => (next() < 0.5 ? 0 : next())),
        );
        const A = CsrMatrix.fromDense(dense);
        const row0 = Math.floor(next() * rows);
        const m = rows - row0;
        const block = CsrMatrix.fromDense(dense.slice(row0));
        const B = Float64Array.from({ length: n * k }, next);
        const Wb = Float64Array.from({ length: m * k }, next);
        const base = A.indptr[row0];
        // other values on the block's pattern, block-aligned
        const other = block.data.map((v) => v * 3 + 1);
        const ab = new Float64Array(m * k);
        const expected = new Float64Array(m * k);
        csrMulDense(m, n, k, A.indptr, A.indices, A.data, B, ab, row0);
        csrMulDense(m, n, k, block.indptr, block.indices, block.data, B, expected);
        const abOther = new Float64Array(m * k);
        const expectedOther = new Float64Array(m * k);
        csrMulDense(m, n, k, A.indptr, A.indices, other, B, abOther, row0, base);
        csrMulDense(m, n, k, block.indptr, block.indices, other, B, expectedOther);
        const atw = new Float64Array(n * k);
        const expectedT = new Float64Array(n * k);
        csrTransposeMulDense(m, n, k, A.indptr, A.indices, other, Wb, atw, row0, base);
        csrTransposeMulDense(m, n, k, block.indptr, block.indices, other, Wb, expectedT);
        const sampled = new Float64Array(block.nnz);
        const expectedS = new Float64Array(block.nnz);
        csrSampledDot(m, n, k, A.indptr, A.indices, Wb, B, sampled, row0);
        csrSampledDot(m, n, k, block.indptr, block.indices, Wb, B, expectedS);
        const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => v === b[i]);
        return (
          same(ab, expected) &&
          same(abOther, expectedOther) &&
          same(atw, expectedT) &&
          same(sampled, expectedS)
        );
      },
    ),
  );
  t.pass();
});

test('gemm is bit-identical to one term at a time (zeros, odd sizes)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 13 }),
      fc.integer({ min: 0, max: 10_000 }),
      (m, k, n, seed) => {
        let s = seed;
        const next = () => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        const A = Float64Array.from({ length: m * k }, () => (next() < 0.3 ? 0 : next() - 0.3));
        const B = Float64Array.from({ length: k * n }, () => next() * 3 - 1);
        const C = new Float64Array(m * n);
        gemm(m, k, n, 1, A, B, 0, C);
        const ref = new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let l = 0; l < k; l++) {
            const a = A[i * k + l];
            if (a === 0) continue;
            for (let j = 0; j < n; j++) ref[i * n + j] += a * B[l * n + j];
          }
        return C.every((v, i) => Object.is(v, ref[i]));
      },
    ),
  );
  t.pass();
});

test('gemm with α and β: C ← α·A·B + β·C, bit-identical to the reference BLAS loop order', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 11 }),
      fc.constantFrom(0, 1, -0.5, 2.25),
      fc.constantFrom(0, 1, -1.5, 0.75),
      fc.integer({ min: 0, max: 10_000 }),
      (m, k, n, alpha, beta, seed) => {
        let s = seed;
        const next = () => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        const A = Float64Array.from({ length: m * k }, () => (next() < 0.3 ? 0 : next() - 0.3));
        const B = Float64Array.from({ length: k * n }, () => next() * 3 - 1);
        const C0 = Float64Array.from({ length: m * n }, () => next() - 0.5);
        // β = 0 must not read C: NaN there is overwritten, not propagated.
        if (beta === 0) C0[0] = Number.NaN;
        const C = C0.slice();
        gemm(m, k, n, alpha, A, B, beta, C);
        const ref = new Float64Array(m * n);
        for (let p = 0; p < m * n; p++) ref[p] = beta === 0 ? 0 : beta === 1 ? C0[p] : beta * C0[p];
        if (alpha !== 0)
          for (let i = 0; i < m; i++)
            for (let l = 0; l < k; l++) {
              if (A[i * k + l] === 0) continue;
              const a = alpha * A[i * k + l];
              for (let j = 0; j < n; j++) ref[i * n + j] += a * B[l * n + j];
            }
        return C.every((v, i) => Object.is(v, ref[i]));
      },
    ),
  );
  t.pass();
});

test('gemm doc example: α = 2, β = 0.5', (t) => {
  const c = Float64Array.of(1);
  gemm(1, 2, 1, 2, Float64Array.of(1, 2), Float64Array.of(3, 4), 0.5, c);
  t.deepEqual(Array.from(c), [22.5]);
});

test('argmaxRows takes the first largest column of each row, 0 for an all-zero row', (t) => {
  const out = new Int32Array(4);
  argmaxRows(4, 3, Float64Array.of(1, 5, 5, 0, 0, 0, -1, -2, -0.5, 2, 1, 3), out);
  t.deepEqual(Array.from(out), [1, 0, 2, 2]);
});
