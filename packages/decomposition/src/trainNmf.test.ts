import { isRivuletError, type ResultEvent, type TrainingEvent } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { firstValueFrom, lastValueFrom, map, take, tap, toArray } from 'rxjs';
import { fitNmf, type NmfOptions, trainNmf } from './index.js';

async function collect(matrix: CsrMatrix | DenseMatrix, options: NmfOptions): Promise<TrainingEvent[]> {
  return lastValueFrom(trainNmf(matrix, { sliceMs: 1e9, ...options }).pipe(toArray()));
}

function lossesOf(events: TrainingEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'epoch' ? [e.loss] : []));
}

const matrixArbitrary = fc
  .record({ rows: fc.integer({ min: 2, max: 7 }), cols: fc.integer({ min: 2, max: 7 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })), {
        minLength: rows * cols,
        maxLength: rows * cols,
      })
      .map((values) => new DenseMatrix(rows, cols, Float64Array.from(values))),
  )
  .filter((m) => m.data.some((v) => v > 0));

const monotone = [
  ['mu', 'frobenius'],
  ['cd', 'frobenius'],
  ['mu', 'kullback-leibler'],
] as const;
for (const [solver, betaLoss] of monotone) {
  test(`${solver} (${betaLoss}): factors stay non-negative and the loss never rises by more than 1e-12 relative`, async (t) => {
    await fc.assert(
      fc.asyncProperty(matrixArbitrary, fc.integer({ min: 1, max: 3 }), fc.nat(1000), async (a, k, seed) => {
        const events = await collect(a, {
          components: k,
          solver,
          init: 'random',
          seed,
          maxEpochs: 30,
          tol: 0,
        });
        const losses = lossesOf(events);
        const result = events.at(-1) as ResultEvent;
        // The loss comes from expansions (‖A‖² − 2⟨A, WH⟩ + ‖WH‖²; Σ x·log(x/wh) + ΣWH − Σx for KL)
        // whose rounding error is a few ε·‖A‖² (ε·Σx for KL) in the square whatever the loss; near an
        // exact fit it dominates, so that floor is allowed on top of the 1e-12 relative rise.
        const scale =
          betaLoss === 'frobenius'
            ? a.data.reduce((s, v) => s + v * v, 0)
            : a.data.reduce((s, v) => s + v, 0);
        const floor = 256 * Number.EPSILON * scale;
        for (let i = 1; i < losses.length; i++) {
          if (losses[i] ** 2 > losses[i - 1] ** 2 * (1 + 2e-12) + floor) return false;
        }
        return result.W.data.every((v) => v >= 0) && result.H.data.every((v) => v >= 0);
      }),
      { numRuns: 60 },
    );
    t.pass();
  });
}

/** 30 documents over 3 disjoint vocabularies of 8 terms each; document d belongs to topic d mod 3. */
function plantedTopics(): CsrMatrix {
  const rows: number[][] = [];
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let d = 0; d < 30; d++) {
    const row = new Array<number>(24).fill(0);
    const topic = d % 3;
    for (let j = 0; j < 8; j++) if (next() < 0.7) row[topic * 8 + j] = 1 + Math.floor(next() * 4);
    row[topic * 8 + (d % 8)] += 1;
    rows.push(row);
  }
  return CsrMatrix.fromDense(rows);
}

function cosine(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver}: planted topics are recovered (same-topic W rows cosine > 0.9, cross-topic < 0.1)`, async (t) => {
    const { W } = await fitNmf(plantedTopics(), {
      components: 3,
      solver,
      init: 'random',
      seed: 3,
      maxEpochs: 500,
      tol: 1e-6,
    });
    let minSame = 1;
    let maxCross = 0;
    for (let i = 0; i < 30; i++) {
      for (let j = i + 1; j < 30; j++) {
        const c = cosine(W.row(i), W.row(j));
        if (i % 3 === j % 3) minSame = Math.min(minSame, c);
        else maxCross = Math.max(maxCross, c);
      }
    }
    t.true(minSame > 0.9, `min same-topic cosine ${minSame}`);
    t.true(maxCross < 0.1, `max cross-topic cosine ${maxCross}`);
  });
}

test('unsubscribing after three epochs runs no further epoch', async (t) => {
  let seen = 0;
  const events = await lastValueFrom(
    trainNmf(plantedTopics(), { components: 3, init: 'random', maxEpochs: 1000, tol: 0, sliceMs: 1e9 }).pipe(
      tap(() => seen++),
      take(3),
      toArray(),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.deepEqual(
    events.map((e) => e.type === 'epoch' && e.epoch),
    [1, 2, 3],
  );
  t.is(seen, 3);
});

test('convergence by tol ends with converged: true; the epoch limit with converged: false, not an error', async (t) => {
  const a = plantedTopics();
  const converged = (await collect(a, { components: 3, init: 'random', maxEpochs: 1000, tol: 1e-3 })).at(
    -1,
  ) as ResultEvent;
  t.true(converged.converged);
  t.is(converged.epochs % 10, 0);
  const limited = (await collect(a, { components: 3, init: 'random', maxEpochs: 7, tol: 1e-3 })).at(
    -1,
  ) as ResultEvent;
  t.false(limited.converged);
  t.is(limited.epochs, 7);
});

test('sparse and dense input give the same factorisation', async (t) => {
  const a = plantedTopics();
  const sparse = (await collect(a, { components: 3, init: 'random', maxEpochs: 15, tol: 0 })).at(
    -1,
  ) as ResultEvent;
  const dense = (await collect(a.toDense(), { components: 3, init: 'random', maxEpochs: 15, tol: 0 })).at(
    -1,
  ) as ResultEvent;
  t.deepEqual(Array.from(dense.W.data), Array.from(sparse.W.data));
  t.is(dense.loss, sparse.loss);
});

test('the result loss equals ‖A − WH‖_F of its own factors', async (t) => {
  const a = plantedTopics();
  for (const solver of ['mu', 'cd'] as const) {
    const r = await fitNmf(a, { components: 3, solver, init: 'random', maxEpochs: 25, tol: 0 });
    const d = a.toDense();
    let sum = 0;
    for (let i = 0; i < d.rows; i++) {
      for (let j = 0; j < d.cols; j++) {
        let wh = 0;
        for (let c = 0; c < 3; c++) wh += r.W.get(i, c) * r.H.get(c, j);
        sum += (d.get(i, j) - wh) ** 2;
      }
    }
    t.true(Math.abs(r.loss - Math.sqrt(sum)) < 1e-9 * Math.sqrt(sum), solver);
  }
});

async function errorOf(matrix: unknown, options: unknown) {
  // biome-ignore lint/suspicious/noExplicitAny: feeding a JavaScript caller's mistakes
  return firstValueFrom(trainNmf(matrix as any, options as any)).then(
    () => undefined,
    (e: unknown) => e,
  );
}

const ok = DenseMatrix.fromRows([
  [1, 0, 2],
  [0, 3, 1],
]);

const badInputs: [string, unknown, string, string][] = [
  [
    'negative',
    DenseMatrix.fromRows([
      [1, 2],
      [3, -1],
    ]),
    'invalid-input',
    'nmf: matrix must hold finite non-negative values, got -1 at row 1, column 1',
  ],
  [
    'NaN',
    DenseMatrix.fromRows([
      [Number.NaN, 2],
      [3, 1],
    ]),
    'invalid-input',
    'nmf: matrix must hold finite non-negative values, got NaN at row 0, column 0',
  ],
  [
    '+∞',
    CsrMatrix.fromDense([
      [0, 2],
      [0, Number.POSITIVE_INFINITY],
    ]),
    'invalid-input',
    'nmf: matrix must hold finite non-negative values, got Infinity at row 1, column 1',
  ],
  [
    '−∞',
    DenseMatrix.fromRows([[0, Number.NEGATIVE_INFINITY]]),
    'invalid-input',
    'nmf: matrix must hold finite non-negative values, got -Infinity at row 0, column 1',
  ],
  [
    'empty',
    new DenseMatrix(0, 4),
    'empty-input',
    'nmf: matrix must have at least one row and one column, got 0 × 4',
  ],
  [
    'all zeros',
    new DenseMatrix(2, 3),
    'empty-input',
    'nmf: matrix must have at least one positive value, got an all-zero 2 × 3 matrix',
  ],
  [
    'not a matrix',
    [[1, 2]],
    'invalid-input',
    'nmf: matrix must be a CsrMatrix, a DenseMatrix or a DocTermMatrix, got an array of length 1',
  ],
];
for (const [name, matrix, kind, message] of badInputs) {
  test(`bad input: ${name} → ${kind}`, async (t) => {
    const e = await errorOf(matrix, { components: 1 });
    t.true(isRivuletError(e, kind as never));
    t.is((e as Error).message, message);
  });
}

const badOptions: [string, unknown, string][] = [
  ['components 0', { components: 0 }, 'nmf: components must be an integer ≥ 1, got 0'],
  ['components 1.5', { components: 1.5 }, 'nmf: components must be an integer ≥ 1, got 1.5'],
  ['components "3"', { components: '3' }, 'nmf: components must be an integer ≥ 1, got "3"'],
  ['maxEpochs 2.5', { components: 1, maxEpochs: 2.5 }, 'nmf: maxEpochs must be an integer ≥ 1, got 2.5'],
  ['tol -1', { components: 1, tol: -1 }, 'nmf: tol must be a finite number in [0, ∞), got -1'],
  [
    'unknown key',
    { component: 1 },
    'nmf: unknown option "component" (did you mean "components"?); known options: components, solver, betaLoss, init, maxEpochs, tol, seed, alphaW, alphaH, l1Ratio, shuffle, scheduler, sliceMs, snapshotEvery, stop, worker, dtype',
  ],
  ['solver', { components: 1, solver: 'als' }, 'nmf: solver must be one of "mu", "cd", got "als"'],
  [
    'KL with cd',
    { components: 1, solver: 'cd', betaLoss: 'kullback-leibler' },
    'nmf: betaLoss must be "frobenius" (2) with solver "cd" (only "mu" handles other β-divergences), got "kullback-leibler"',
  ],
  [
    'betaLoss name',
    { components: 1, betaLoss: 'euclid' },
    'nmf: betaLoss must be one of "frobenius", "kullback-leibler", "itakura-saito" or a finite number, got "euclid"',
  ],
  ['l1Ratio', { components: 1, l1Ratio: 2 }, 'nmf: l1Ratio must be a finite number in [0, 1], got 2'],
  ['alphaW', { components: 1, alphaW: -0.1 }, 'nmf: alphaW must be a finite number in [0, ∞), got -0.1'],
  [
    'init name',
    { components: 1, init: 'svd' },
    'nmf: init must be one of "random", "nndsvd", "nndsvda", "nndsvdar", got "svd"',
  ],
  ['seed', { components: 1, seed: -1 }, 'nmf: seed must be an integer in [0, 4294967295], got -1'],
  [
    'shuffle with mu',
    { components: 1, shuffle: true },
    'nmf: shuffle must be false with solver "mu" (a CD option), got true',
  ],
  [
    'custom W shape',
    { components: 2, init: { W: new DenseMatrix(3, 2), H: new DenseMatrix(2, 3) } },
    'nmf: init.W must be rows × components = 2 × 2, got 3 × 2',
  ],
  [
    'custom H negative',
    { components: 1, init: { W: DenseMatrix.fromRows([[1], [1]]), H: DenseMatrix.fromRows([[1, -2, 0]]) } },
    'nmf: init.H must hold finite non-negative values, got -2 at row 0, column 1',
  ],
  [
    'custom W zeros',
    { components: 1, init: { W: new DenseMatrix(2, 1), H: DenseMatrix.fromRows([[1, 2, 0]]) } },
    'nmf: init.W must not be all zeros',
  ],
  [
    'IS with zeros',
    { components: 1, betaLoss: 'itakura-saito' },
    'nmf: matrix must have no zero entries when betaLoss ≤ 0 (got β = 0); the updates would divide by zero. Add a small constant or use a positive betaLoss',
  ],
];
for (const [name, options, message] of badOptions) {
  test(`bad option: ${name}`, async (t) => {
    const e = await errorOf(ok, options);
    t.true(isRivuletError(e), String(e));
    t.is((e as Error).message, message);
  });
}

test('a graceful stop ends with a result marked stopped', async (t) => {
  const controller = new AbortController();
  const events = await lastValueFrom(
    trainNmf(plantedTopics(), {
      components: 3,
      init: 'random',
      maxEpochs: 1000,
      tol: 0,
      sliceMs: 0,
      stop: controller.signal,
    }).pipe(
      tap((e) => e.type === 'epoch' && e.epoch === 2 && controller.abort()),
      toArray(),
    ),
  );
  t.falsy(events.length === 0);
  const result = events.at(-1) as ResultEvent;
  t.true(result.stopped);
  t.is(result.epochs, 2);
});

test('dtype float32 trains on float32 factors: losses within 1e-4 of float64, factors non-negative', async (t) => {
  const { CsrMatrix: Csr } = await import('@rivulet/linalg');
  const { lastValueFrom: last, toArray: all } = await import('rxjs');
  const rows = Array.from({ length: 30 }, (_, i) =>
    Array.from({ length: 20 }, (_, j) => ((i * 7 + j * 3) % 5) / 4),
  );
  const a = Csr.fromDense(rows);
  for (const solver of ['mu', 'cd'] as const) {
    const options = { components: 4, solver, init: 'random', seed: 2, maxEpochs: 30, tol: 0 } as const;
    const f64 = await last(trainNmf(a, options).pipe(all()));
    const f32 = await last(trainNmf(a, { ...options, dtype: 'float32' }).pipe(all()));
    t.is(f32.length, f64.length);
    for (let e = 0; e < f64.length; e++) {
      const x = f64[e];
      const y = f32[e];
      if ('loss' in x && 'loss' in y)
        t.true(Math.abs(x.loss - y.loss) <= 1e-4 * x.loss, `${solver} event ${e}`);
    }
    const result = f32.at(-1);
    if (result?.type !== 'result') return t.fail('no result');
    t.true(result.W.data.every((v) => v >= 0) && result.H.data.every((v) => v >= 0));
  }
});

test('dtype: only float64 or float32, and float32 only where the fused kernels run', async (t) => {
  const { CsrMatrix: Csr } = await import('@rivulet/linalg');
  const { lastValueFrom: last } = await import('rxjs');
  const a = Csr.fromDense([
    [1, 2],
    [3, 1],
  ]);
  const e1 = await t.throwsAsync(last(trainNmf(a, { components: 1, dtype: 'float16' as 'float32' })));
  t.is(e1?.message, 'nmf: dtype must be one of "float64", "float32", got "float16"');
  const e2 = await t.throwsAsync(
    last(trainNmf(a, { components: 1, dtype: 'float32', betaLoss: 'kullback-leibler', init: 'random' })),
  );
  t.regex(String(e2?.message), /^nmf: dtype must be "float64" unless betaLoss is "frobenius"/);
});

for (const worker of [false, true]) {
  test(`snapshotEvery gives H every N epochs, equal to the result's H at the last epoch (worker: ${worker})`, async (t) => {
    const A = DenseMatrix.fromRows([
      [1, 0, 2, 0],
      [0, 3, 0, 1],
      [2, 0, 1, 0],
      [0, 1, 0, 2],
      [1, 1, 1, 1],
    ]);
    // Read each snapshot as it arrives: snapshots nobody has read yet are conflated (bounded memory).
    const events = await lastValueFrom(
      trainNmf(A, {
        components: 2,
        maxEpochs: 6,
        tol: 0,
        init: 'random',
        seed: 3,
        snapshotEvery: 2,
        worker,
      }).pipe(
        map((e) => (e.type === 'snapshot' ? { type: e.type, step: e.step, H: e.H } : e)),
        toArray(),
      ),
    );
    const snapshots = events.filter((e) => e.type === 'snapshot');
    t.deepEqual(
      snapshots.map((e) => e.step),
      [2, 4, 6],
    );
    const result = events.at(-1) as ResultEvent;
    const last = snapshots.at(-1);
    t.true(last?.type === 'snapshot' && last.H.rows === 2 && last.H.cols === 4);
    t.deepEqual(last?.type === 'snapshot' ? Array.from(last.H.data) : [], Array.from(result.H.data));
  });
}
