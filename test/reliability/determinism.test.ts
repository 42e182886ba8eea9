/**
 * Determinism: the same seed gives bit-identical factors across runs, between in-thread and worker-thread
 * training, and between the WebAssembly and TypeScript backends (and one or two threads) of the fast
 * kernels; the fast kernels against the plain solver agree within their documented rounding.
 */
import { type EpochEvent, type ResultEvent, type TrainingEvent, untilResult } from '@rivulet/core';
import {
  FastNmf,
  fastNmfSolver,
  nmfCdModule,
  nmfMuModule,
  trainInWorker,
  trainNmf,
  trainOnlineNmf,
} from '@rivulet/decomposition';
import { DenseMatrix, wasmSimdSupported } from '@rivulet/linalg';
import test from 'ava';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { sparseMatrix } from './inputs.js';

const A = sparseMatrix(60, 80, 0.15, 42);

async function run(events: Observable<TrainingEvent>) {
  const all = await lastValueFrom(events.pipe(toArray()));
  const losses = all.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => e.loss);
  const result = all[all.length - 1] as ResultEvent;
  return { losses, result };
}

/** Exact equality of two float arrays, reporting the first difference. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `index ${i}: ${a[i]} vs ${b[i]}`;
  return undefined;
}

const SETTINGS = [
  { solver: 'mu', init: 'random' },
  { solver: 'mu', init: 'nndsvda' },
  { solver: 'mu', init: 'nndsvdar', betaLoss: 'kullback-leibler' },
  { solver: 'cd', init: 'random' },
  { solver: 'cd', init: 'nndsvd', shuffle: true, alphaW: 0.01, l1Ratio: 0.5 },
] as const;

for (const s of SETTINGS) {
  const label = Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  test(`same seed, same bits: two in-thread runs (${label})`, async (t) => {
    const options = { components: 5, seed: 7, maxEpochs: 40, tol: 0, ...s };
    const a = await run(trainNmf(A, options));
    const b = await run(trainNmf(A, options));
    t.is(sameBits(a.result.W.data, b.result.W.data), undefined, 'W');
    t.is(sameBits(a.result.H.data, b.result.H.data), undefined, 'H');
    t.is(sameBits(a.losses, b.losses), undefined, 'epoch losses');
    t.true(a.losses.length > 0);
  });

  test(`same seed, same bits: in-thread and worker thread (${label})`, async (t) => {
    const { solver, ...rest } = s;
    const options = { components: 5, seed: 7, maxEpochs: 40, tol: 0, ...rest };
    const inThread = await run(trainNmf(A, { ...options, solver }));
    const inWorker = await run(trainInWorker(solver === 'mu' ? nmfMuModule : nmfCdModule, A, options));
    t.is(sameBits(inThread.result.W.data, inWorker.result.W.data), undefined, 'W');
    t.is(sameBits(inThread.result.H.data, inWorker.result.H.data), undefined, 'H');
    t.is(sameBits(inThread.losses, inWorker.losses), undefined, 'epoch losses');
    const viaOption = await run(trainNmf(A, { ...options, solver, worker: true }));
    t.is(sameBits(inThread.result.W.data, viaOption.result.W.data), undefined, 'W, trainNmf worker: true');
    t.is(sameBits(inThread.result.H.data, viaOption.result.H.data), undefined, 'H, trainNmf worker: true');
  });
}

test('a different seed gives a different random start (the seed is used)', async (t) => {
  const options = { components: 5, maxEpochs: 5, tol: 0, init: 'random' } as const;
  const a = await untilResult(trainNmf(A, { ...options, seed: 1 }));
  const b = await untilResult(trainNmf(A, { ...options, seed: 2 }));
  t.not(sameBits(a.W.data, b.W.data), undefined);
});

test('same seed, same bits: online NMF in-thread and in a worker thread', async (t) => {
  const options = { components: 4, seed: 3, batchSize: 16, maxEpochs: 5 };
  const inThread = await run(trainOnlineNmf(A, options));
  const inWorker = await run(trainOnlineNmf(A, { ...options, worker: true }));
  t.is(sameBits(inThread.result.H.data, inWorker.result.H.data), undefined, 'H');
  const again = await run(trainOnlineNmf(A, options));
  t.is(sameBits(inThread.result.H.data, again.result.H.data), undefined, 'H, second in-thread run');
});

/** The start both the fast kernels and the plain solver run from. */
function start(k: number): { W: DenseMatrix; H: DenseMatrix } {
  const W = new DenseMatrix(A.rows, k);
  const H = new DenseMatrix(k, A.cols);
  for (let p = 0; p < W.data.length; p++) W.data[p] = 0.1 + ((p * 7919) % 101) / 101;
  for (let p = 0; p < H.data.length; p++) H.data[p] = 0.1 + ((p * 104729) % 97) / 97;
  return { W, H };
}

function fastRun(
  solver: 'mu' | 'cd',
  backend: 'wasm' | 'js',
  threads: 1 | 2,
  iterations: number,
  dtype: 'float64' | 'float32' = 'float64',
) {
  const { W, H } = start(6);
  const fast = new FastNmf(A, W, H, { solver, backend, threads, dtype });
  try {
    for (let i = 0; i < iterations; i++) fast.iterate();
    return { W: fast.W, H: fast.H, loss: fast.loss() };
  } finally {
    fast.close();
  }
}

for (const solver of ['mu', 'cd'] as const) {
  test(`fast kernels (${solver}): WebAssembly and TypeScript backends give the same bits`, (t) => {
    if (!wasmSimdSupported()) {
      t.pass('WebAssembly SIMD is not supported here; only the TypeScript backend exists');
      return;
    }
    for (const dtype of ['float64', 'float32'] as const) {
      const js = fastRun(solver, 'js', 1, 30, dtype);
      const wasm1 = fastRun(solver, 'wasm', 1, 30, dtype);
      const wasm2 = fastRun(solver, 'wasm', 2, 30, dtype);
      t.is(sameBits(js.W.data, wasm1.W.data), undefined, `${dtype} W: js vs wasm`);
      t.is(sameBits(js.H.data, wasm1.H.data), undefined, `${dtype} H: js vs wasm`);
      t.is(sameBits(wasm1.W.data, wasm2.W.data), undefined, `${dtype} W: 1 vs 2 threads`);
      t.is(sameBits(wasm1.H.data, wasm2.H.data), undefined, `${dtype} H: 1 vs 2 threads`);
    }
  });

  test(`fast kernels (${solver}) against the plain solver: within the documented rounding`, async (t) => {
    const iterations = 30;
    const fast = fastRun(solver, 'js', 1, iterations);
    const init = start(6);
    const plain = await untilResult(
      trainNmf(A, { components: 6, solver, init, maxEpochs: iterations, tol: 0, sliceMs: 1000 }),
    );
    t.is(plain.epochs, iterations);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
    let worst = 0;
    for (const [x, y] of [
      [fast.W.data, plain.W.data],
      [fast.H.data, plain.H.data],
    ]) {
      let diff = 0;
      let norm = 0;
      for (let p = 0; p < x.length; p++) {
        diff += (x[p] - y[p]) ** 2;
        norm += y[p] ** 2;
      }
      worst = Math.max(worst, Math.sqrt(diff / norm));
    }
    const lossRel = rel(fast.loss, plain.loss);
    t.log(
      `after ${iterations} iterations: factors differ by ${worst.toExponential(2)} (relative Frobenius), loss by ${lossRel.toExponential(2)}`,
    );
    // FastNmf documents "rounding only … the loss agrees to ~1e-12 relative after tens of iterations".
    t.true(lossRel <= 1e-11, `loss differs by ${lossRel}`);
    t.true(worst <= 1e-9, `factors differ by ${worst}`);
  });
}

for (const solver of ['mu', 'cd'] as const) {
  test(`fastNmfSolver (${solver}) against trainNmf's plain solver: same stopping epoch, losses within rounding`, async (t) => {
    const init = start(6);
    const plain = await run(trainNmf(A, { components: 6, solver, init, maxEpochs: 200, sliceMs: 1000 }));
    const fast = fastNmfSolver(A, init.W.data, init.H.data, 6, {
      solver,
      tol: 1e-4,
      backend: 'js',
      threads: 1,
    });
    const losses: number[] = [];
    let converged = false;
    try {
      for (let epoch = 1; epoch <= 200 && !converged; epoch++) {
        const outcome = fast.step(epoch);
        losses.push(outcome.loss);
        converged = outcome.converged;
      }
    } finally {
      fast.close();
    }
    t.is(losses.length, plain.result.epochs, 'the epoch at which the convergence test stops');
    let worst = 0;
    for (let i = 0; i < losses.length; i++)
      worst = Math.max(worst, Math.abs(losses[i] - plain.losses[i]) / plain.losses[i]);
    t.log(`${losses.length} epochs, largest relative loss difference ${worst.toExponential(2)}`);
    t.true(worst <= 1e-11, `losses differ by ${worst}`);
  });
}
