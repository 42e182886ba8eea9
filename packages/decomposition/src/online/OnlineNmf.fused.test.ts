import { CsrMatrix, DenseMatrix, Random, wasmSimdSupported } from '@rivulet/linalg';
import test from 'ava';
import { lastValueFrom } from 'rxjs';
import { OnlineNmf, trainOnlineNmf } from './index.js';

/** A sparse non-negative matrix, about a quarter of the entries stored. */
function sparse(rows: number, cols: number, seed: number): CsrMatrix {
  const random = new Random(seed);
  const dense: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(random.next() < 0.25 ? random.next() * 3 : 0);
    dense.push(row);
  }
  return CsrMatrix.fromDense(dense);
}

/** A random start: W (rows × k), then H (k × cols), values uniform in [0, 1). */
function randomStart(
  rows: number,
  k: number,
  cols: number,
  seed: number,
): { W: DenseMatrix; H: DenseMatrix } {
  const random = new Random(seed);
  const W = new DenseMatrix(
    rows,
    k,
    Float64Array.from({ length: rows * k }, () => random.next()),
  );
  const H = new DenseMatrix(
    k,
    cols,
    Float64Array.from({ length: k * cols }, () => random.next()),
  );
  return { W, H };
}

/** max |a − b| / max |b|. */
function relative(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let big = 0;
  for (let p = 0; p < a.length; p++) {
    diff = Math.max(diff, Math.abs(a[p] - b[p]));
    big = Math.max(big, Math.abs(b[p]));
  }
  return diff / big;
}

const sameBits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

for (const k of [1, 4, 7]) {
  test(`k = ${k}: partialFit, statistics and transform on the fused engine agree with the plain path to 1e-10`, (t) => {
    const X = sparse(240, 57, k);
    const options = { components: k, seed: 3, freshRestarts: false };
    const fused = new OnlineNmf(options);
    const plain = new OnlineNmf(options, 'onlineNmf', false);
    for (let b = 0; b < 6; b++) {
      const batch = sparseRows(X, 40 * b, 40);
      const lf = fused.partialFit(batch);
      const lp = plain.partialFit(batch);
      t.true(Math.abs(lf - lp) <= 1e-10 * lp, `loss of batch ${b}`);
    }
    t.is(fused.fused, wasmSimdSupported());
    t.false(plain.fused);
    t.true(relative(fused.components.data, plain.components.data) <= 1e-10, 'H');
    const sf = fused.state();
    const sp = plain.state();
    t.true(relative(sf.A, sp.A) <= 1e-10 && relative(sf.B, sp.B) <= 1e-10, 'running sums');
    t.true(relative(fused.transform(X).data, plain.transform(X).data) <= 1e-10, 'transform');
    // The statistics split stays exact on the fused engine.
    const again = new OnlineNmf(options);
    again.restore(sf);
    const direct = new OnlineNmf(options);
    direct.restore(sf);
    const batch = sparseRows(X, 0, 40);
    direct.partialFit(batch);
    again.applyStatistics(again.statistics(batch));
    t.true(sameBits(direct.state().H, again.state().H), 'applyStatistics(statistics(b)) = partialFit(b)');
  });
}

test('the fused H update is the plain one bit for bit, from the same H and statistics', (t) => {
  const X = sparse(60, 33, 9);
  const options = { components: 5, seed: 4 };
  const fused = new OnlineNmf(options);
  const plain = new OnlineNmf(options, 'onlineNmf', false);
  fused.initialize(X);
  plain.initialize(X);
  const stats = plain.statistics(X);
  fused.applyStatistics(stats);
  plain.applyStatistics(stats);
  const a = fused.state();
  const b = plain.state();
  t.true(sameBits(a.H, b.H) && sameBits(a.A, b.A) && sameBits(a.B, b.B));
});

test('trainOnlineNmf on the fused engine agrees with the plain path (same start, several passes)', async (t) => {
  const X = sparse(300, 80, 21);
  const k = 6;
  const { W, H } = randomStart(300, k, 80, 2);
  const options = {
    components: k,
    init: { W, H },
    batchSize: 64,
    maxEpochs: 4,
    tol: 0,
    maxNoImprovement: null,
  };
  const result = await lastValueFrom(trainOnlineNmf(X, options));
  if (result.type !== 'result') throw new Error('no result');
  // The plain path, step by step as trainOnlineNmf runs it.
  const plain = new OnlineNmf(options, 'onlineNmf', false);
  const w = plain.prepare(X, 64) as Float64Array;
  const rho = 0.7 ** (64 / 300);
  for (let step = 0; step < 4 * 5; step++) {
    const first = (step % 5) * 64;
    const rows = Math.min(64, 300 - first);
    plain.step(X, first, rows, w.subarray(first * k, (first + rows) * k), rho);
  }
  t.true(relative(result.H.data, plain.components.data) <= 1e-10, 'H');
  t.true(relative(result.W.data, w) <= 1e-10, 'W');
  t.true(Math.abs(result.loss - plain.loss(X, w)) <= 1e-10 * result.loss, 'loss');
});

/** Rows [from, from + count) of X as their own CSR matrix. */
function sparseRows(X: CsrMatrix, from: number, count: number): CsrMatrix {
  const start = X.indptr[from];
  const end = X.indptr[from + count];
  const indptr = new Int32Array(count + 1);
  for (let i = 0; i <= count; i++) indptr[i] = X.indptr[from + i] - start;
  return new CsrMatrix(count, X.cols, indptr, X.indices.slice(start, end), X.data.slice(start, end));
}

test('a training checks X in the fused engine’s copy and names the same entry as partialFit’s check', async (t) => {
  const X = sparse(37, 23, 5);
  // Entries at even and odd positions and the very last one (the scan takes values in pairs).
  for (const p of [0, 1, 7, X.nnz - 2, X.nnz - 1]) {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const data = X.data.slice();
      data[p] = bad;
      const Y = new CsrMatrix(X.rows, X.cols, X.indptr, X.indices, data);
      const trained = await t.throwsAsync(lastValueFrom(trainOnlineNmf(Y, { components: 3, seed: 1 })));
      const plain = t.throws(() => new OnlineNmf({ components: 3 }, 'onlineNmf', false).partialFit(Y));
      t.is(trained?.message, plain?.message);
      t.regex(
        trained?.message ?? '',
        /^onlineNmf: values must be finite and ≥ 0, got .+ at row \d+, column \d+/,
      );
    }
  }
  // Columns out of order anywhere in a row, or out of range: the structure check's message, as partialFit's.
  const wide = sparse(12, 60, 3);
  const broken: CsrMatrix[] = [];
  for (let r = 0; r < wide.rows; r += 3) {
    for (let p = wide.indptr[r]; p + 1 < wide.indptr[r + 1]; p += 2) {
      const indices = wide.indices.slice();
      [indices[p], indices[p + 1]] = [indices[p + 1], indices[p]];
      broken.push(new CsrMatrix(wide.rows, wide.cols, wide.indptr, indices, wide.data));
    }
  }
  for (const at of [0, wide.nnz - 1]) {
    const indices = wide.indices.slice();
    indices[at] = at === 0 ? -1 : wide.cols;
    broken.push(new CsrMatrix(wide.rows, wide.cols, wide.indptr, indices, wide.data));
  }
  t.true(broken.length > 20);
  for (const Y of broken) {
    const e = await t.throwsAsync(lastValueFrom(trainOnlineNmf(Y, { components: 3, seed: 1 })));
    const plain = t.throws(() => new OnlineNmf({ components: 3 }, 'onlineNmf', false).partialFit(Y));
    t.is(e?.message, plain?.message);
    t.regex(
      e?.message ?? '',
      /^onlineNmf: batch is not a well-formed CSR matrix: CsrMatrix: row \d+ has column/,
    );
  }
  // −0 is a valid zero.
  const data = X.data.slice();
  data[3] = -0;
  const result = await lastValueFrom(
    trainOnlineNmf(new CsrMatrix(X.rows, X.cols, X.indptr, X.indices, data), { components: 3, seed: 1 }),
  );
  t.is(result.type, 'result');
});

test('a training checks a custom start in the fused engine and names the same entry as the JavaScript check', async (t) => {
  const X = sparse(31, 19, 8);
  const k = 3;
  const { W, H } = randomStart(31, k, 19, 5);
  const cases: [string, DenseMatrix, DenseMatrix][] = [];
  for (const p of [0, 1, 40, 31 * k - 1]) {
    for (const bad of [Number.NaN, -2, Number.POSITIVE_INFINITY]) {
      const w = W.data.slice();
      w[p] = bad;
      cases.push([`W[${p}] = ${bad}`, new DenseMatrix(31, k, w), H]);
    }
  }
  for (const p of [0, 17, k * 19 - 1]) {
    const h = H.data.slice();
    h[p] = -0.5;
    cases.push([`H[${p}]`, W, new DenseMatrix(k, 19, h)]);
  }
  cases.push(['H all zeros', W, new DenseMatrix(k, 19)]);
  cases.push(['W all zeros', new DenseMatrix(31, k), H]);
  for (const [name, w, h] of cases) {
    const options = { components: k, init: { W: w, H: h } };
    const trained = await t.throwsAsync(lastValueFrom(trainOnlineNmf(X, options)));
    const plain = t.throws(() => new OnlineNmf(options, 'onlineNmf', false).prepare(X, 8));
    t.is(trained?.message, plain?.message, name);
    t.regex(
      trained?.message ?? '',
      /^onlineNmf: init\.[WH] must (hold finite non-negative values|not be all zeros)/,
    );
  }
  // A good start trains from exactly the given factors: the same result as the plain path's.
  const options = { components: k, init: { W, H }, maxEpochs: 2, tol: 0, maxNoImprovement: null };
  const result = await lastValueFrom(trainOnlineNmf(X, { ...options, batchSize: 31 }));
  const plain = new OnlineNmf(options, 'onlineNmf', false);
  const w = plain.prepare(X, 31) as Float64Array;
  const rho = 0.7 ** (31 / 31);
  for (let step = 0; step < 2; step++) plain.step(X, 0, 31, w, rho);
  if (result.type !== 'result') throw new Error('no result');
  t.true(relative(result.H.data, plain.components.data) <= 1e-10);
  t.true(relative(result.W.data, w) <= 1e-10);
});

test('H read between fused steps (it shares the numerator’s memory) is always the current H', (t) => {
  const X = sparse(200, 41, 13);
  const options = { components: 4, seed: 6, freshRestarts: false };
  const fused = new OnlineNmf(options);
  const plain = new OnlineNmf(options, 'onlineNmf', false);
  // Growing batches make the engine move to a larger memory on the way.
  const sizes = [10, 30, 20, 60, 80];
  let from = 0;
  for (const [b, size] of sizes.entries()) {
    const batch = sparseRows(X, from, size);
    from += size;
    const lf = fused.partialFit(batch);
    const lp = plain.partialFit(batch);
    t.true(Math.abs(lf - lp) <= 1e-10 * lp, `loss of batch ${b}`);
    t.true(relative(fused.components.data, plain.components.data) <= 1e-10, `H after batch ${b}`);
    if (b % 2 === 0) {
      // Statistics write the numerator's memory; H read afterwards must not be that.
      const sf = fused.statistics(batch);
      const sp = plain.statistics(batch);
      t.true(relative(fused.state().H, plain.state().H) <= 1e-10, `state after statistics ${b}`);
      fused.applyStatistics(sf);
      plain.applyStatistics(sp);
      t.true(relative(fused.liveH(), plain.liveH()) <= 1e-10, `H after applyStatistics ${b}`);
    }
  }
  const s = fused.state();
  const again = new OnlineNmf(options);
  again.restore(s);
  t.true(sameBits(again.components.data, fused.components.data), 'restore places H as it was');
});
