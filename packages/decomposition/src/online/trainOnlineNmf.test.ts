import { readFileSync } from 'node:fs';
import { isRivuletError, type PipelineEvent, type ResultEvent, type TrainingEvent } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { filter, firstValueFrom, lastValueFrom, map, type Observable, of, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { OnlineNmf, onlineNmf, trainOnlineNmf } from './index.js';

interface Fit {
  avg?: number;
  options: {
    beta_loss?: 'kullback-leibler' | 'itakura-saito' | number;
    alpha_W?: number;
    alpha_H?: number;
    l1_ratio?: number;
    batch_size: number;
    forget_factor?: number;
    max_iter: number;
    tol: number;
    max_no_improvement: number | null;
    fresh_restarts?: boolean;
    fresh_restarts_max_iter?: number;
    transform_max_iter?: number;
  };
  costs: number[];
  nSteps: number;
  nIter: number;
  loss: number;
  H: { sum: number; first: number[] };
  W: { sum: number };
}
interface Fixture {
  components: number;
  avg: number;
  shape: [number, number];
  matrix: { indptr: number[]; indices: number[]; data: number[] };
  fits: Fit[];
  betas: { X: Fit[]; P: Fit[] };
  regularized: Fit[];
  random: Fit & { seed: number };
  dense: { shape: [number, number]; data: number[] };
  partial: {
    batch: number;
    options: { forget_factor: number; fresh_restarts_max_iter: number; tol: number };
    costs: number[];
    H: { sum: number };
  };
}
const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/minibatch.json', import.meta.url), 'utf8'),
);
const [n, m] = fixture.shape;
const k = fixture.components;
const X = new CsrMatrix(
  n,
  m,
  Int32Array.from(fixture.matrix.indptr),
  Int32Array.from(fixture.matrix.indices),
  Float64Array.from(fixture.matrix.data),
);

const P = CsrMatrix.fromDense(
  new DenseMatrix(fixture.dense.shape[0], fixture.dense.shape[1], Float64Array.from(fixture.dense.data)),
);

/** The closed-form start of scripts/fixtures/minibatch.py. */
function start(rows: number, cols = m, components = k, avg = fixture.avg) {
  const W = new DenseMatrix(rows, components);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < components; c++) W.set(i, c, avg * (0.5 + ((5 * i + 3 * c) % 7) / 6));
  const H = new DenseMatrix(components, cols);
  for (let c = 0; c < components; c++)
    for (let j = 0; j < cols; j++) H.set(c, j, avg * (0.5 + ((7 * c + 13 * j) % 11) / 10));
  return { W, H };
}

const close = (a: number, b: number, rel = 1e-8) =>
  Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-12);

const cases: [string, CsrMatrix, number, Fit][] = [
  ...fixture.fits.map((fit, i): [string, CsrMatrix, number, Fit] => [`fit ${i}`, X, k, fit]),
  ...fixture.betas.X.map((fit, i): [string, CsrMatrix, number, Fit] => [`β fit ${i} on X`, X, k, fit]),
  ...fixture.regularized.map((fit, i): [string, CsrMatrix, number, Fit] => [
    `regularised fit ${i}`,
    X,
    k,
    fit,
  ]),
  ...fixture.betas.P.map((fit, i): [string, CsrMatrix, number, Fit] => [
    `β fit ${i} on a positive block`,
    P,
    3,
    fit,
  ]),
];

for (const [name, matrix, components, fit] of cases) {
  test(`${name} equals scikit-learn's MiniBatchNMF step for step (${JSON.stringify(fit.options)})`, async (t) => {
    const o = fit.options;
    const events = await lastValueFrom(
      trainOnlineNmf(matrix, {
        components,
        betaLoss: o.beta_loss,
        alphaW: o.alpha_W,
        alphaH: o.alpha_H,
        l1Ratio: o.l1_ratio,
        init: start(matrix.rows, matrix.cols, components, fit.avg),
        batchSize: o.batch_size,
        forgetFactor: o.forget_factor ?? 0.7,
        maxEpochs: o.max_iter,
        tol: o.tol,
        maxNoImprovement: o.max_no_improvement,
        freshRestarts: o.fresh_restarts ?? false,
        freshRestartsMaxIter: o.fresh_restarts_max_iter ?? 30,
        transformMaxIter: o.transform_max_iter,
        snapshotEvery: 0,
      }).pipe(toArray()),
    );
    const batches = events.filter((e) => e.type === 'batch');
    t.is(batches.length, fit.nSteps);
    // With a penalty, scikit-learn's recorded cost is not the loss alone; the step count checks it instead.
    if (o.alpha_W === undefined) {
      batches.forEach((e, i) => {
        const expected = Math.sqrt(2 * fit.costs[i] * e.batchSize);
        t.true(close(e.loss, expected), `step ${i + 1}: ${e.loss} vs ${expected}`);
      });
    }
    const result = events.at(-1) as ResultEvent;
    t.is(result.type, 'result');
    t.is(result.epochs, fit.nIter);
    t.true(close(result.loss, fit.loss), `${result.loss} vs ${fit.loss}`);
    const hSum = result.H.data.reduce((a, b) => a + b, 0);
    t.true(close(hSum, fit.H.sum), `H sum ${hSum} vs ${fit.H.sum}`);
    const wSum = result.W.data.reduce((a, b) => a + b, 0);
    t.true(close(wSum, fit.W.sum), `W sum ${wSum} vs ${fit.W.sum}`);
    t.is(result.converged, fit.nIter < o.max_iter);
  });
}

test("partialFit equals scikit-learn's partial_fit batch by batch", (t) => {
  const { partial } = fixture;
  const model = new OnlineNmf({
    components: k,
    init: { H: start(partial.batch).H },
    forgetFactor: partial.options.forget_factor,
    freshRestartsMaxIter: partial.options.fresh_restarts_max_iter,
    tol: partial.options.tol,
  });
  let i = 0;
  for (let s = 0; s < n; s += partial.batch) {
    const rows = Array.from({ length: Math.min(partial.batch, n - s) }, (_, r) => s + r);
    const loss = model.partialFit(X.selectRows(rows));
    const expected = Math.sqrt(2 * partial.costs[i] * rows.length);
    t.true(close(loss, expected), `batch ${i}: ${loss} vs ${expected}`);
    i++;
  }
  t.is(model.steps, partial.costs.length);
  const hSum = model.components.data.reduce((a, b) => a + b, 0);
  t.true(close(hSum, partial.H.sum));
});

test('a graceful stop ends with one stopped result holding the factors so far', async (t) => {
  const stop = new Subject<void>();
  const events: TrainingEvent[] = [];
  await new Promise<void>((resolve, reject) =>
    trainOnlineNmf(X, { components: k, init: start(n), batchSize: 50, sliceMs: 0, tol: 0, stop }).subscribe({
      next: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.step === 3) stop.next();
      },
      error: reject,
      complete: resolve,
    }),
  );
  const result = events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  t.true(result.stopped);
  t.is(events.filter((e) => e.type === 'batch').length, 3);
  t.deepEqual([result.W.rows, result.W.cols, result.H.rows, result.H.cols], [n, k, k, m]);
});

test('a stop rule watches the run’s own events: stopped after the third batch, with a result', async (t) => {
  const afterThree = (events$: Observable<PipelineEvent>) =>
    events$.pipe(filter((e) => e.type === 'batch' && e.step === 3));
  const events = await lastValueFrom(
    trainOnlineNmf(X, {
      components: k,
      init: start(n),
      batchSize: 50,
      sliceMs: 0,
      tol: 0,
      stop: afterThree,
    }).pipe(toArray()),
  );
  const result = events.at(-1) as ResultEvent;
  t.true(result.stopped);
  t.is(events.filter((e) => e.type === 'batch').length, 3);
  const streamed = await lastValueFrom(
    of(X).pipe(onlineNmf({ components: k, batchSize: 50, stop: afterThree }), toArray()),
  );
  t.true((streamed.at(-1) as ResultEvent).stopped);
  t.is(streamed.filter((e) => e.type === 'batch').length, 3);
});

test('unsubscribing is a hard cancel: no event after it', async (t) => {
  const events: TrainingEvent[] = [];
  await new Promise<void>((resolve) => {
    const sub = trainOnlineNmf(X, {
      components: k,
      init: start(n),
      batchSize: 10,
      sliceMs: 0,
      tol: 0,
    }).subscribe((e) => {
      events.push(e);
      if (events.length === 2) {
        sub.unsubscribe();
        setTimeout(resolve, 20);
      }
    });
  });
  t.is(events.length, 2);
});

test('errors reach the error channel: options, negative data, a start of the wrong shape', async (t) => {
  const e1 = await t.throwsAsync(firstValueFrom(trainOnlineNmf(X, { components: k, maxEpochs: 0 })));
  t.true(isRivuletError(e1, 'invalid-option'));
  t.is(e1?.message, 'onlineNmf: maxEpochs must be an integer ≥ 1, got 0');
  const negative = DenseMatrix.fromRows([
    [1, 2],
    [3, -4],
  ]);
  const e2 = await t.throwsAsync(firstValueFrom(trainOnlineNmf(negative, { components: 1 })));
  t.true(isRivuletError(e2, 'invalid-input'));
  t.regex(e2?.message ?? '', /got -4 at row 1, column 1/);
  const e4 = await t.throwsAsync(
    firstValueFrom(trainOnlineNmf(X, { components: k, betaLoss: 'itakura-saito' })),
  );
  t.true(isRivuletError(e4, 'invalid-input'));
  t.regex(e4?.message ?? '', /^onlineNmf: betaLoss 0 \(≤ 0\) needs data without zeros/);
  const e5 = await t.throwsAsync(
    firstValueFrom(trainOnlineNmf(X, { components: k, betaLoss: 'kl' as 'frobenius' })),
  );
  t.is(
    e5?.message,
    'onlineNmf: betaLoss must be one of "frobenius", "kullback-leibler", "itakura-saito" or a finite number, got "kl"',
  );
  const e3 = await t.throwsAsync(
    firstValueFrom(trainOnlineNmf(X, { components: k, init: { W: new DenseMatrix(2, k), H: start(n).H } })),
  );
  t.is(e3?.message, `onlineNmf: init.W must be documents × components = ${n} × ${k}, got 2 × ${k}`);
});

test('marbles: batch events in step order, snapshots after every snapshotEvery steps, then the result', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ expectObservable }) => {
    const small = CsrMatrix.fromDense([
      [1, 0, 2],
      [0, 3, 1],
      [2, 1, 0],
    ]);
    const events = trainOnlineNmf(small, {
      components: 2,
      batchSize: 2,
      maxEpochs: 2,
      tol: 0,
      maxNoImprovement: null,
      snapshotEvery: 3,
      scheduler,
      sliceMs: 0,
    }).pipe(map((e) => (e.type === 'result' ? `r${e.epochs}` : `${e.type[0]}${'step' in e ? e.step : ''}`)));
    expectObservable(events).toBe('(abcSdr|)', { a: 'b1', b: 'b2', c: 'b3', S: 's3', d: 'b4', r: 'r2' });
  });
});

test('a stop already requested ends training before the first step, with the starting factors', async (t) => {
  const events = await lastValueFrom(
    trainOnlineNmf(X, { components: k, init: start(n), stop: AbortSignal.abort() }).pipe(toArray()),
  );
  t.is(events.length, 1);
  const result = events[0] as ResultEvent;
  t.deepEqual([result.type, result.stopped, result.epochs], ['result', true, 0]);
  t.deepEqual(Array.from(result.H.data), Array.from(start(n).H.data));
});

test("init 'random' with a seed draws scikit-learn's random start (numpy's RandomState), so whole runs match", async (t) => {
  const fit = fixture.random;
  const events = await lastValueFrom(
    trainOnlineNmf(X, {
      components: k,
      init: 'random',
      seed: fit.seed,
      batchSize: fit.options.batch_size,
      maxEpochs: fit.options.max_iter,
      tol: fit.options.tol,
      maxNoImprovement: fit.options.max_no_improvement,
      snapshotEvery: 0,
    }).pipe(toArray()),
  );
  const batches = events.filter((e) => e.type === 'batch');
  t.is(batches.length, fit.nSteps);
  batches.forEach((e, i) => {
    t.true(close(e.loss, Math.sqrt(2 * fit.costs[i] * e.batchSize)), `step ${i + 1}`);
  });
  const result = events.at(-1) as ResultEvent;
  t.true(close(result.loss, fit.loss), `${result.loss} vs ${fit.loss}`);
  t.true(
    close(
      result.W.data.reduce((a, b) => a + b, 0),
      fit.W.sum,
    ),
  );
});
