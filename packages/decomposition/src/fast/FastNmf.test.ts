import { CsrMatrix, csrMulDense, DenseMatrix, gemm, gram, Random, wasmSimdSupported } from '@rivulet/linalg';
import test, { type ExecutionContext } from 'ava';
import { cdSweep } from '../kernels/cdSweep.js';
import { muUpdate } from '../kernels/muUpdate.js';
import { FastNmf } from './FastNmf.js';

/** A random sparse matrix (about `density` non-zeros, some rows and columns empty) and a positive start. */
function problem(seed: number, rows: number, cols: number, k: number, density = 0.3) {
  const rng = new Random(seed);
  const dense: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++)
      row.push(i % 7 !== 3 && j % 5 !== 2 && rng.next() < density ? rng.next() : 0);
    dense.push(row);
  }
  const W0 = new DenseMatrix(rows, k);
  for (let e = 0; e < W0.data.length; e++) W0.data[e] = rng.next();
  const H0 = new DenseMatrix(k, cols);
  for (let e = 0; e < H0.data.length; e++) H0.data[e] = rng.next();
  return { A: CsrMatrix.fromDense(dense), W0, H0 };
}

/**
 * The plain path: one iteration of scikit-learn's MU or CD composed from the plain kernels, with H held
 * transposed (cols × k) as FastNmf holds it.
 */
function plainIteration(
  solver: 'mu' | 'cd',
  A: CsrMatrix,
  At: CsrMatrix,
  W: Float64Array,
  Ht: Float64Array,
  k: number,
) {
  const n = A.rows;
  const m = A.cols;
  const perm = Int32Array.from({ length: k }, (_, i) => i);
  const G = new Float64Array(k * k);
  const num = new Float64Array(Math.max(n, m) * k);
  const den = new Float64Array(Math.max(n, m) * k);
  // W half step.
  gram(m, k, Ht, G);
  csrMulDense(n, m, k, A.indptr, A.indices, A.data, Ht, num);
  if (solver === 'mu') {
    gemm(n, k, k, 1, W, G, 0, den);
    muUpdate(n * k, W, num, den, 0, 0, 1, 2 ** -23);
  } else cdSweep(n, k, W, G, num, 0, perm);
  // H half step against the new W.
  gram(n, k, W, G);
  csrMulDense(m, n, k, At.indptr, At.indices, At.data, W, num);
  if (solver === 'mu') {
    gemm(m, k, k, 1, Ht, G, 0, den);
    muUpdate(m * k, Ht, num, den, 0, 0, 1, 2 ** -23);
  } else cdSweep(m, k, Ht, G, num, 0, perm);
}

/** Entry-wise agreement within 1e-10 of the largest entry (CD amplifies rounding near zero entries). */
function close(t: ExecutionContext, actual: Float64Array, expected: Float64Array, label: string) {
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let e = 0; e < expected.length; e++) worst = Math.max(worst, Math.abs(actual[e] - expected[e]));
  t.true(
    actual.length === expected.length && worst <= 1e-10 * scale,
    `${label}: worst ${worst}, max ${scale}`,
  );
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [9, 6, 3],
  [37, 23, 5],
  [40, 31, 10],
  [13, 50, 7],
  // Wide enough that the CD kernel accumulates A·O rows in scratch (more than 8 vector chunks).
  [45, 60, 35],
];

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver}: the js backend agrees with the plain kernels to 1e-10 of the largest entry`, (t) => {
    for (const [rows, cols, k] of SHAPES) {
      const { A, W0, H0 } = problem(rows * 31 + k, rows, cols, k);
      const fast = new FastNmf(A, W0, H0, { solver, backend: 'js' });
      const W = W0.data.slice();
      const Ht = H0.transpose().data;
      const At = A.transpose();
      for (let it = 0; it < 12; it++) {
        fast.iterate();
        plainIteration(solver, A, At, W, Ht, k);
      }
      // Only the Gram matrices are summed in another order (eight fixed row blocks, then their sum).
      close(t, fast.W.data, W, `W, ${rows} × ${cols}, k = ${k}`);
      close(t, fast.H.data, new DenseMatrix(cols, k, Ht).transpose().data, `H, ${rows} × ${cols}, k = ${k}`);
    }
  });

  test(`${solver}: the wasm backend gives the js backend's factors bit for bit`, (t) => {
    if (!wasmSimdSupported()) {
      t.pass('WebAssembly SIMD unavailable: only the js backend runs here');
      return;
    }
    for (const [rows, cols, k] of SHAPES) {
      const { A, W0, H0 } = problem(rows * 17 + k, rows, cols, k);
      const js = new FastNmf(A, W0, H0, { solver, backend: 'js' });
      const wasm = new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads: 1 });
      const threaded = new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads: 2 });
      t.is(wasm.backend, 'wasm');
      // Before the first iteration the loss takes its own pass over A (the cross-term kernel).
      t.is(wasm.loss(), js.loss(), `loss before iterating, ${rows} × ${cols}, k = ${k}`);
      t.is(threaded.loss(), js.loss(), `two threads, loss before iterating, ${rows} × ${cols}, k = ${k}`);
      for (let it = 0; it < 12; it++) {
        js.iterate();
        wasm.iterate();
        threaded.iterate();
        // The violation is summed in lanes (a different order), so it agrees to rounding only.
        t.true(Math.abs(js.violation - wasm.violation) <= 1e-12 * Math.max(1, js.violation));
      }
      t.deepEqual(wasm.W.data, js.W.data, `W, ${rows} × ${cols}, k = ${k}`);
      t.deepEqual(wasm.H.data, js.H.data, `H, ${rows} × ${cols}, k = ${k}`);
      t.is(wasm.loss(), js.loss());
      t.deepEqual(threaded.W.data, wasm.W.data, `two threads, W, ${rows} × ${cols}, k = ${k}`);
      t.deepEqual(threaded.H.data, wasm.H.data, `two threads, H, ${rows} × ${cols}, k = ${k}`);
      threaded.close();
    }
  });
}

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver}: two threads claiming blocks give one thread's factors bit for bit on a larger problem`, async (t) => {
    if (!wasmSimdSupported()) {
      t.pass('WebAssembly SIMD unavailable: only the js backend runs here');
      return;
    }
    // Large enough (about a millisecond per half step) that the worker wakes in time to claim blocks,
    // so which thread runs which block varies from step to step; the sums must not. Until the worker
    // has started (tens of milliseconds: a thread, then compiling the kernels) the main thread runs
    // every block, hence the pause before iterating (it only makes the worker's share likely; no
    // assertion depends on timing).
    const { A, W0, H0 } = problem(77, 900, 700, 24, 0.05);
    const one = new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads: 1 });
    const two = new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.is(two.loss(), one.loss(), 'loss before iterating');
    for (let it = 0; it < 6; it++) {
      one.iterate();
      two.iterate();
      t.is(two.violation, one.violation, `violation, iteration ${it}`);
    }
    t.deepEqual(two.W.data, one.W.data);
    t.deepEqual(two.H.data, one.H.data);
    t.is(two.loss(), one.loss());
    two.close();
  });
}

for (const solver of ['mu', 'cd'] as const) {
  for (const backend of ['js', 'wasm'] as const) {
    test(`${solver}, ${backend}: loss() is ‖A − WH‖_F computed densely, before and after iterating`, (t) => {
      const { A, W0, H0 } = problem(5, 21, 15, 5);
      const fast = new FastNmf(A, W0, H0, { solver, backend, threads: 1 });
      const dense = A.toDense();
      for (let it = 0; it < 4; it++) {
        const W = fast.W;
        const H = fast.H;
        let sum = 0;
        for (let i = 0; i < A.rows; i++) {
          for (let j = 0; j < A.cols; j++) {
            let wh = 0;
            for (let c = 0; c < 5; c++) wh += W.get(i, c) * H.get(c, j);
            sum += (dense.get(i, j) - wh) ** 2;
          }
        }
        t.true(Math.abs(fast.loss() - Math.sqrt(sum)) <= 1e-9 * Math.sqrt(sum), `iteration ${it}`);
        fast.iterate();
      }
    });
  }
}

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver}, float32: wasm, js and two threads agree bit for bit, and stay near float64`, (t) => {
    for (const [rows, cols, k] of SHAPES) {
      const { A, W0, H0 } = problem(rows * 13 + k, rows, cols, k);
      const js = new FastNmf(A, W0, H0, { solver, backend: 'js', dtype: 'float32' });
      const f64 = new FastNmf(A, W0, H0, { solver, backend: 'js' });
      const fast = wasmSimdSupported()
        ? [1, 2].map(
            (threads) => new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads, dtype: 'float32' }),
          )
        : [];
      for (const e of fast) t.is(e.loss(), js.loss(), `loss before iterating, ${e.threads} thread(s)`);
      for (let it = 0; it < 8; it++) for (const e of [js, f64, ...fast]) e.iterate();
      for (const e of fast) {
        t.deepEqual(e.W.data, js.W.data, `W, ${rows} × ${cols}, k = ${k}, ${e.threads} thread(s)`);
        t.deepEqual(e.H.data, js.H.data, `H, ${rows} × ${cols}, k = ${k}, ${e.threads} thread(s)`);
        t.is(e.loss(), js.loss());
        e.close();
      }
      t.is(js.dtype, 'float32');
      t.true(
        js.W.data.every((v) => v === Math.fround(v)),
        'W holds float32 values',
      );
      t.true(
        Math.abs(js.loss() - f64.loss()) <= 1e-4 * Math.max(f64.loss(), 1e-3),
        `loss near float64, k = ${k}`,
      );
    }
  });
}

test('MU never increases the loss and keeps factors non-negative', (t) => {
  const { A, W0, H0 } = problem(11, 30, 25, 6);
  const fast = new FastNmf(A, W0, H0, { solver: 'mu' });
  let previous = fast.loss();
  for (let it = 0; it < 20; it++) {
    fast.iterate();
    const loss = fast.loss();
    t.true(loss <= previous * (1 + 1e-12));
    previous = loss;
  }
  t.true(fast.W.data.every((v) => v >= 0) && fast.H.data.every((v) => v >= 0));
});

test("copyW and copyH write the factors into a caller's arrays, as the W and H getters copy them", (t) => {
  const { A, W0, H0 } = problem(12, 9, 7, 3);
  const fast = new FastNmf(A, W0, H0, { solver: 'cd' });
  for (let it = 0; it < 5; it++) fast.iterate();
  const w = new Float64Array(9 * 3);
  const h = new Float64Array(3 * 7);
  t.is(fast.copyW(w), w);
  t.is(fast.copyH(h), h);
  t.deepEqual(w, fast.W.data);
  t.deepEqual(h, fast.H.data);
  t.throws(() => fast.copyW(h), {
    instanceOf: RangeError,
    message: /copyW: out must be a Float64Array of 27 entries \(9 × 3\), got 21/,
  });
  t.throws(() => fast.copyH(new Float64Array(22)), {
    instanceOf: RangeError,
    message: /copyH: .* 21 entries \(3 × 7\), got 22/,
  });
});

test('release() gives the memory back for the next engine and spends this one', (t) => {
  const { A, W0, H0 } = problem(13, 12, 9, 3);
  const first = new FastNmf(A, W0, H0, { solver: 'mu', threads: 1 });
  first.iterate();
  const fresh = new FastNmf(A, W0, H0, { solver: 'mu', threads: 1 });
  fresh.iterate();
  first.release();
  for (const call of [
    () => first.iterate(),
    () => first.loss(),
    () => first.W,
    () => first.copyH(new Float64Array(27)),
  ]) {
    t.throws(call, { message: /after release\(\)/ });
  }
  // The next engine takes the released memory (zeroed): the same start gives the same bits as a new one.
  const reused = new FastNmf(A, W0, H0, { solver: 'mu', threads: 1 });
  reused.iterate();
  t.deepEqual(reused.W.data, fresh.W.data);
  t.is(reused.loss(), fresh.loss());
  reused.release();
});

test('README snippet', (t) => {
  const A = CsrMatrix.fromDense([
    [1, 0, 2],
    [0, 3, 1],
  ]);
  const nmf = new FastNmf(A, DenseMatrix.fromRows([[1], [1]]), DenseMatrix.fromRows([[1, 1, 1]]), {
    solver: 'mu',
  });
  for (let i = 0; i < 50; i++) nmf.iterate();
  t.true(nmf.loss() < 3);
});

test('rejects mismatched shapes, solvers and backends', (t) => {
  const { A, W0, H0 } = problem(1, 4, 3, 2);
  t.throws(() => new FastNmf(A, H0, W0, { solver: 'mu' }), {
    instanceOf: RangeError,
    message: /W0 must be 4 × k/,
  });
  t.throws(() => new FastNmf(A, W0, H0, { solver: 'als' as 'mu' }), {
    message: /solver must be 'mu' or 'cd', got als/,
  });
  t.throws(() => new FastNmf(A, W0, H0, { solver: 'cd', backend: 'gpu' as 'js' }), {
    message: /backend must be 'wasm' or 'js', got gpu/,
  });
  t.throws(() => new FastNmf(A, W0, H0, { solver: 'mu', threads: 3 }), {
    message: /threads must be 1 or 2, got 3/,
  });
  t.throws(() => new FastNmf(A, W0, H0, { solver: 'mu', backend: 'js', threads: 2 }), {
    message: /threads: 2 needs backend 'wasm'/,
  });
  const wide = problem(2, 3, 300, 257);
  t.is(new FastNmf(wide.A, wide.W0, wide.H0, { solver: 'mu' }).backend, 'js');
  t.throws(() => new FastNmf(wide.A, wide.W0, wide.H0, { solver: 'mu', backend: 'wasm' }), {
    message: /backend 'wasm' supports up to 256 components .*, got 257/,
  });
  t.throws(() => new FastNmf(A, W0, H0, { solver: 'mu', dtype: 'float16' as 'float32' }), {
    message: /dtype must be 'float64' or 'float32', got float16/,
  });
});

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver} with H fixed (updateH: false): the W half step alone, as the plain kernels, on every backend and thread count`, (t) => {
    for (const [rows, cols, k] of SHAPES) {
      const { A, W0, H0 } = problem(rows * 13 + k, rows, cols, k);
      const js = new FastNmf(A, W0, H0, { solver, backend: 'js', updateH: false });
      const W = W0.data.slice();
      const Ht = H0.transpose().data;
      const perm = Int32Array.from({ length: k }, (_, i) => i);
      const G = new Float64Array(k * k);
      const num = new Float64Array(rows * k);
      const den = new Float64Array(rows * k);
      gram(cols, k, Ht, G);
      csrMulDense(rows, cols, k, A.indptr, A.indices, A.data, Ht, num);
      for (let it = 0; it < 12; it++) {
        js.iterate();
        if (solver === 'mu') {
          gemm(rows, k, k, 1, W, G, 0, den);
          muUpdate(rows * k, W, num, den, 0, 0, 1, 2 ** -23);
        } else cdSweep(rows, k, W, G, num, 0, perm);
      }
      close(t, js.W.data, W, `W, ${rows} × ${cols}, k = ${k}`);
      t.deepEqual(js.H.data, H0.data, 'H untouched');
      let explicit = 0;
      const Wm = js.W;
      const Ad = A.toDense();
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          let wh = 0;
          for (let c = 0; c < k; c++) wh += Wm.get(i, c) * H0.get(c, j);
          explicit += (Ad.get(i, j) - wh) ** 2;
        }
      t.true(Math.abs(js.loss() - Math.sqrt(explicit)) <= 1e-9 * Math.max(1, Math.sqrt(explicit)), 'loss');
      if (!wasmSimdSupported()) continue;
      for (const threads of [1, 2]) {
        const wasm = new FastNmf(A, W0, H0, { solver, backend: 'wasm', threads, updateH: false });
        for (let it = 0; it < 12; it++) wasm.iterate();
        t.deepEqual(wasm.W.data, js.W.data, `wasm, ${threads} thread(s), bit for bit`);
        t.is(wasm.loss(), js.loss());
        wasm.close();
      }
    }
  });
}
