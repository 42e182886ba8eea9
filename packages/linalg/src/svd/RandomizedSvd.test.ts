import { readFileSync } from 'node:fs';
import test from 'ava';
import {
  autoIterations,
  CsrMatrix,
  DenseMatrix,
  Random,
  RandomizedSvd,
  randomizedSvd,
  thinSvd,
  wasmSimdSupported,
} from '../index.js';
import { BlockThread } from './blockThread.js';

const { tfidf } = JSON.parse(readFileSync(new URL('../../fixtures/svd.json', import.meta.url), 'utf8')) as {
  tfidf: {
    csr: { rows: number; cols: number; indptr: number[]; indices: number[]; data: number[] };
    s: number[];
  };
};
const a = new CsrMatrix(
  tfidf.csr.rows,
  tfidf.csr.cols,
  Int32Array.from(tfidf.csr.indptr),
  Int32Array.from(tfidf.csr.indices),
  Float64Array.from(tfidf.csr.data),
);

test('randomizedSvd converges to the exact leading singular values of a TF-IDF matrix', (t) => {
  const { U, s, Vt } = randomizedSvd(a, 4, { nIter: 30, seed: 3 });
  t.is(U.rows, a.rows);
  t.is(U.cols, 4);
  t.is(Vt.rows, 4);
  t.is(Vt.cols, a.cols);
  for (let i = 0; i < 4; i++) t.true(Math.abs(s[i] - tfidf.s[i]) / tfidf.s[i] < 1e-6, `σ${i}`);
});

test('randomizedSvd with a full-width basis is exact and agrees with thinSvd, signs included', (t) => {
  const k = 3;
  const exact = thinSvd(a.toDense());
  const { U, s, Vt } = randomizedSvd(a, k, { oversamples: a.rows - k, nIter: 1 });
  for (let c = 0; c < k; c++) {
    t.true(Math.abs(s[c] - exact.s[c]) < 1e-12);
    for (let i = 0; i < a.rows; i++) t.true(Math.abs(U.get(i, c) - exact.U.get(i, c)) < 1e-9);
    for (let j = 0; j < a.cols; j++) t.true(Math.abs(Vt.get(c, j) - exact.Vt.get(c, j)) < 1e-9);
  }
});

test('randomizedSvd handles tall input (no transpose) the same as wide input', (t) => {
  const tall = a.transpose();
  const k = 3;
  const wide = randomizedSvd(a, k, { oversamples: a.rows - k, nIter: 1 });
  const narrow = randomizedSvd(tall, k, { oversamples: a.rows - k, nIter: 1 });
  for (let c = 0; c < k; c++) t.true(Math.abs(wide.s[c] - narrow.s[c]) < 1e-12);
  // Aᵀ = V Σ Uᵀ: the sign fix follows Aᵀ's own U, so compare up to one sign per component.
  for (let c = 0; c < k; c++) {
    const sign = Math.sign(wide.Vt.get(c, 0) * narrow.U.get(0, c)) || 1;
    for (let j = 0; j < a.cols; j++) t.true(Math.abs(wide.Vt.get(c, j) - sign * narrow.U.get(j, c)) < 1e-9);
  }
});

test('RandomizedSvd.step losses approach the optimal rank-k residual and never fall below it', (t) => {
  const k = 4;
  let optimal = 0;
  for (let i = k; i < tfidf.s.length; i++) optimal += tfidf.s[i] ** 2;
  const svd = new RandomizedSvd(a, k, { seed: 1 });
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 25; i++) {
    last = svd.step();
    t.true(last >= optimal * (1 - 1e-12));
  }
  t.true(Math.abs(last - optimal) / optimal < 1e-8);
  const { s } = svd.result();
  let kept = 0;
  for (let i = 0; i < k; i++) kept += s[i] ** 2;
  t.true(Math.abs(svd.squaredNorm - kept - optimal) / optimal < 1e-8);
});

test('randomizedSvd is reproducible from its seed and accepts dense input', (t) => {
  const dense = a.toDense();
  const x = randomizedSvd(a, 2, { seed: 7, nIter: 2 });
  const y = randomizedSvd(dense, 2, { seed: 7, nIter: 2 });
  t.deepEqual(Array.from(x.s), Array.from(y.s));
  t.deepEqual(Array.from(x.U.data), Array.from(y.U.data));
});

test('randomizedSvd rejects k, nIter and oversamples out of range', (t) => {
  t.throws(() => randomizedSvd(a, 0), {
    instanceOf: RangeError,
    message: /k must be an integer in \[1, min\(rows, cols\)\] = \[1, 30\], got 0/,
  });
  t.throws(() => randomizedSvd(a, 31), { instanceOf: RangeError });
  t.throws(() => randomizedSvd(a, 2, { nIter: -1 }), { instanceOf: RangeError, message: /nIter/ });
  t.throws(() => randomizedSvd(a, 2, { oversamples: 1.5 }), {
    instanceOf: RangeError,
    message: /oversamples/,
  });
  t.throws(() => randomizedSvd(new DenseMatrix(0, 3), 1), { instanceOf: RangeError });
});

test("autoIterations follows scikit-learn's n_iter='auto'", (t) => {
  t.is(autoIterations(5, 100, 200), 7);
  t.is(autoIterations(10, 100, 200), 4);
});

test('a basis wider than the rank (k + oversamples > rank) still gives the exact leading triplets', (t) => {
  // Rank 2: every row is a combination of two fixed rows.
  const rows: number[][] = [];
  for (let i = 0; i < 9; i++) rows.push([1, 2, 0, 1, 3, 0].map((v, j) => v * (i + 1) + (j % 2) * (9 - i)));
  const dense = DenseMatrix.fromRows(rows);
  const exact = thinSvd(dense);
  const { U, s, Vt } = randomizedSvd(dense, 2, { nIter: 3 });
  for (let c = 0; c < 2; c++) {
    t.true(Math.abs(s[c] - exact.s[c]) < 1e-12 * exact.s[0]);
    for (let i = 0; i < dense.rows; i++) t.true(Math.abs(U.get(i, c) - exact.U.get(i, c)) < 1e-9);
    for (let j = 0; j < dense.cols; j++) t.true(Math.abs(Vt.get(c, j) - exact.Vt.get(c, j)) < 1e-9);
  }
});

test('iterate() moves the basis as step() does, without the loss', (t) => {
  const stepped = new RandomizedSvd(a, 4, { seed: 5 });
  const iterated = new RandomizedSvd(a, 4, { seed: 5 });
  for (let i = 0; i < 6; i++) {
    stepped.step();
    iterated.iterate();
  }
  const x = stepped.result();
  const y = iterated.result();
  for (let c = 0; c < 4; c++) {
    t.true(Math.abs(x.s[c] - y.s[c]) < 1e-12 * x.s[0], `σ${c}`);
    for (let j = 0; j < a.cols; j++) t.true(Math.abs(x.Vt.get(c, j) - y.Vt.get(c, j)) < 1e-8);
  }
});

test('result() keeps the basis; result({ last: true }) gives the same bits over it and spends the SVD', (t) => {
  for (const transposed of [false, true]) {
    const m = transposed ? CsrMatrix.fromDense(a.toDense().transpose()) : a;
    const svd = new RandomizedSvd(m, 4, { seed: 2 });
    svd.iterate();
    const kept = svd.result();
    svd.iterate();
    const again = svd.result();
    const last = svd.result({ last: true });
    t.deepEqual(last.s, again.s);
    t.deepEqual(last.U.data, again.U.data);
    t.deepEqual(last.Vt.data, again.Vt.data);
    t.notDeepEqual(kept.Vt.data, again.Vt.data, 'the kept basis iterated on');
    for (const call of [() => svd.step(), () => svd.iterate(), () => svd.result()]) {
      t.throws(call, { message: /after result\(\{ last: true \}\)/ });
    }
    // randomizedSvd takes its one result so: the same as an SVD kept alive.
    const kept2 = new RandomizedSvd(m, 4, { seed: 2 });
    for (let i = 0; i < 3; i++) kept2.iterate();
    t.deepEqual(randomizedSvd(m, 4, { seed: 2, nIter: 3 }).Vt.data, kept2.result().Vt.data);
  }
});

test('entries near the overflow or underflow limits give the same singular values, scaled', (t) => {
  const plain = randomizedSvd(a, 3, { nIter: 10, seed: 2 });
  for (const scale of [1e160, 1e-165]) {
    const scaled = new CsrMatrix(
      a.rows,
      a.cols,
      a.indptr,
      a.indices,
      a.data.map((v) => v * scale),
    );
    const { s, U } = randomizedSvd(scaled, 3, { nIter: 10, seed: 2 });
    for (let c = 0; c < 3; c++) {
      t.true(Math.abs(s[c] / scale - plain.s[c]) < 1e-12 * plain.s[0], `${scale} σ${c}`);
    }
    t.true(U.data.every(Number.isFinite));
  }
});

test('the WebAssembly products give the same factors as the TypeScript loops, bit for bit, tall and wide', (t) => {
  for (const m of [a, a.transpose()]) {
    const fast = randomizedSvd(m, 5, { seed: 3, oversamples: 7 });
    const plain = randomizedSvd(m, 5, { seed: 3, oversamples: 7, wasm: false });
    t.deepEqual(fast.s, plain.s);
    t.deepEqual(fast.U.data, plain.U.data);
    t.deepEqual(fast.Vt.data, plain.Vt.data);
    const stepped = new RandomizedSvd(m, 5, { seed: 3 });
    const steppedPlain = new RandomizedSvd(m, 5, { seed: 3, wasm: false });
    for (let i = 0; i < 3; i++) t.is(stepped.step(), steppedPlain.step());
    t.deepEqual(stepped.result().Vt.data, steppedPlain.result().Vt.data);
  }
});

test("two threads give one thread's factors bit for bit, and the worker does run blocks", (t) => {
  if (!wasmSimdSupported()) {
    t.pass('no WebAssembly SIMD here');
    return;
  }
  // Large enough that a product takes a few milliseconds, so the worker (started on first use) claims some.
  const big = sparseRandom(3000, 1200, 0.03, 5);
  for (const m of [big, big.transpose()]) {
    const one = new RandomizedSvd(m, 6, { seed: 1, threads: 1 });
    const two = new RandomizedSvd(m, 6, { seed: 1, threads: 2 });
    t.is(one.threads, 1);
    t.is(two.threads, 2);
    t.true(
      iterateUntilWorkerRan([one, two], 40, () => BlockThread.get()?.workerBlocks ?? 0),
      'the worker ran blocks',
    );
    t.is(one.step(), two.step());
    const a = one.result();
    const b = two.result();
    t.deepEqual(a.s, b.s);
    t.deepEqual(a.U.data, b.U.data);
    t.deepEqual(a.Vt.data, b.Vt.data);
    two.close();
    t.is(two.threads, 1);
    one.iterate();
    two.iterate();
    t.deepEqual(one.result().Vt.data, two.result().Vt.data, 'after close, on one thread');
  }
});

test('threads other than 1 or 2 are a RangeError', (t) => {
  t.throws(() => new RandomizedSvd(a, 2, { threads: 3 as 2 }), { instanceOf: RangeError });
});

test('a matrix whose columns do not ascend within a row runs its products on one thread (no shared output rows)', (t) => {
  // Row 0 lists column 2 before column 0: valid for the products, not for splitting columns into ranges.
  const unsorted = new CsrMatrix(
    3,
    3,
    Int32Array.of(0, 2, 3, 5),
    Int32Array.of(2, 0, 1, 0, 2),
    Float64Array.of(1, 2, 3, 4, 5),
  );
  const svd = new RandomizedSvd(unsorted, 2, { seed: 0, threads: 2 });
  t.is(svd.threads, 1);
  const sorted = new RandomizedSvd(CsrMatrix.fromDense(unsorted.toDense()), 2, { seed: 0, threads: 1 });
  t.deepEqual(svd.result().s, sorted.result().s);
});

/**
 * Iterates every SVD `times` times, then on until the worker's block count `ran()` has grown: on a loaded
 * machine the worker may not be scheduled (or not even have started) within those iterations, so the
 * comparisons after it cover blocks it ran. The bound is only against a worker that never starts; no
 * assertion depends on timing. Returns whether the worker ran blocks.
 */
function iterateUntilWorkerRan(svds: readonly RandomizedSvd[], times: number, ran: () => number): boolean {
  const before = ran();
  for (let i = 0; i < times; i++) for (const svd of svds) svd.iterate();
  const deadline = Date.now() + 60_000;
  while (ran() <= before && Date.now() < deadline) for (const svd of svds) svd.iterate();
  return ran() > before;
}

/** A random `rows × cols` CSR matrix with about `density · rows · cols` entries, in columns `< span`. */
function sparseRandom(rows: number, cols: number, density: number, seed: number, span = cols): CsrMatrix {
  const random = new Random(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < span; j++) {
      if (random.next() < density) {
        indices.push(j);
        data.push(random.next());
      }
    }
    indptr[i + 1] = indices.length;
  }
  return new CsrMatrix(rows, cols, indptr, Int32Array.from(indices), Float64Array.from(data));
}

test("the dense passes' row blocks on two threads give one thread's factors bit for bit, and the loops' (rows not a multiple of the block size)", (t) => {
  if (!wasmSimdSupported()) {
    t.pass('no WebAssembly SIMD here');
    return;
  }
  // 5003 rows and 5001 columns: four blocks of the Gram pass and of Y·R⁻¹ on either side, the last one
  // shorter, each pass (l = 20) large enough to be handed to the worker.
  const big = sparseRandom(5003, 5001, 0.004, 8);
  for (const m of [big, big.transpose()]) {
    const one = new RandomizedSvd(m, 10, { seed: 2, threads: 1 });
    const two = new RandomizedSvd(m, 10, { seed: 2, threads: 2 });
    const plain = new RandomizedSvd(m, 10, { seed: 2, wasm: false });
    t.is(two.threads, 2);
    t.true(
      iterateUntilWorkerRan([one, two, plain], 4, () => BlockThread.get()?.workerDenseBlocks ?? 0),
      'the worker ran dense blocks',
    );
    const losses = [one.step(), two.step(), plain.step()];
    t.is(losses[1], losses[0]);
    t.is(losses[2], losses[0]);
    const [a, b, c] = [one.result(), two.result({ last: true }), plain.result()];
    for (const other of [b, c]) {
      t.deepEqual(other.s, a.s);
      t.deepEqual(other.U.data, a.U.data);
      t.deepEqual(other.Vt.data, a.Vt.data);
    }
    t.is(two.threads, 1, 'spent, and so closed');
  }
});

test('a rank-deficient matrix split into blocks falls back to Gram–Schmidt on two threads as on one, with the same bits', (t) => {
  if (!wasmSimdSupported()) {
    t.pass('no WebAssembly SIMD here');
    return;
  }
  // Entries in 8 of 1500 columns only: rank 8 < k + oversamples = 16, so Cholesky QR gives up (on the
  // 9000 rows of A·Ω, eight blocks handed to the worker, and on the one block of Aᵀ·Q).
  const low = sparseRandom(9000, 1500, 0.5, 4, 8);
  // Its singular values are those of its first 8 columns.
  const narrow = new DenseMatrix(9000, 8);
  for (let i = 0; i < 9000; i++) {
    for (let p = low.indptr[i]; p < low.indptr[i + 1]; p++) narrow.data[i * 8 + low.indices[p]] = low.data[p];
  }
  const exact = thinSvd(narrow).s;
  const one = randomizedSvd(low, 6, { seed: 0, threads: 1 });
  const two = randomizedSvd(low, 6, { seed: 0, threads: 2 });
  t.deepEqual(two.s, one.s);
  t.deepEqual(two.U.data, one.U.data);
  t.deepEqual(two.Vt.data, one.Vt.data);
  for (let c = 0; c < 6; c++) t.true(Math.abs(one.s[c] - exact[c]) <= 1e-10 * exact[0], `σ${c}`);
});
