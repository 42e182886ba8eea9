import { readFileSync } from 'node:fs';
import {
  createContainer,
  DECOMPOSER,
  type DocTermMatrix,
  type EpochEvent,
  isRivuletError,
  listPlugins,
  type ResultEvent,
  resolvePlugin,
  type TrainingEvent,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { EMPTY, firstValueFrom, lastValueFrom, map, of, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { svdModule } from './svdModule.js';
import { trainSvd } from './trainSvd.js';
import { truncatedSvd } from './truncatedSvd.js';

interface Fixture {
  matrix: { rows: number; cols: number; indptr: number[]; indices: number[]; data: number[] };
  vocabulary: string[];
  ids: string[];
  components: number;
  singularValues: number[];
  H: number[][];
  W: number[][];
  loss: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/svd.json', import.meta.url), 'utf8'),
) as Fixture;
const A = new CsrMatrix(
  fixture.matrix.rows,
  fixture.matrix.cols,
  Int32Array.from(fixture.matrix.indptr),
  Int32Array.from(fixture.matrix.indices),
  Float64Array.from(fixture.matrix.data),
);
const docTerms: DocTermMatrix = {
  matrix: A,
  vocabulary: fixture.vocabulary,
  ids: fixture.ids,
  weighting: { kind: 'tfidf', norm: 'l2' },
};

const run = (events: ReturnType<typeof trainSvd>) => lastValueFrom(events.pipe(toArray()));
const resultOf = (events: TrainingEvent[]) => events[events.length - 1] as ResultEvent;

/** σ_c = ‖W[:, c]‖ since W = U·Σ with orthonormal U. */
function singularValuesOf(W: DenseMatrix): number[] {
  const s: number[] = [];
  for (let c = 0; c < W.cols; c++) {
    let sum = 0;
    for (let i = 0; i < W.rows; i++) sum += W.get(i, c) ** 2;
    s.push(Math.sqrt(sum));
  }
  return s;
}

test("singular values match scikit-learn's TruncatedSVD(algorithm='arpack') to 1e-6 with 15 iterations", async (t) => {
  const events = await run(trainSvd(docTerms, { components: fixture.components, nIter: 15, sliceMs: 100 }));
  const s = singularValuesOf(resultOf(events).W);
  for (let c = 0; c < fixture.components; c++) {
    const rel = Math.abs(s[c] - fixture.singularValues[c]) / fixture.singularValues[c];
    t.true(rel < 1e-6, `σ${c} off by ${rel} relative`);
  }
});

test("W (fit_transform), H (components_) and loss match scikit-learn's arpack result once converged", async (t) => {
  const result = resultOf(await run(trainSvd(docTerms, { components: fixture.components, nIter: 30 })));
  const maxDiff = (actual: DenseMatrix, expected: number[][]) => {
    const e = DenseMatrix.fromRows(expected);
    t.is(actual.rows, e.rows);
    t.is(actual.cols, e.cols);
    let worst = 0;
    for (let p = 0; p < e.data.length; p++) worst = Math.max(worst, Math.abs(actual.data[p] - e.data[p]));
    return worst;
  };
  t.true(maxDiff(result.W, fixture.W) < 1e-6);
  t.true(maxDiff(result.H, fixture.H) < 1e-6);
  t.true(Math.abs(result.loss - fixture.loss) / fixture.loss < 1e-9);
});

test('each power iteration is one epoch; losses fall towards the result loss and converged is true', async (t) => {
  const events = await run(trainSvd(A, { components: 3, nIter: 6, seed: 4, sliceMs: 0 }));
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  t.deepEqual(
    epochs.map((e) => e.epoch),
    [1, 2, 3, 4, 5, 6],
  );
  const result = resultOf(events);
  t.is(result.epochs, 6);
  t.true(result.converged);
  t.false(result.stopped);
  let frobenius = 0;
  for (const v of A.data) frobenius += v * v;
  t.true(epochs[0].loss < Math.sqrt(frobenius));
  t.true(epochs[0].relativeChange > 0);
  for (const e of epochs) t.true(e.loss >= result.loss * (1 - 1e-9));
  t.true(Math.abs(epochs[5].loss - result.loss) / result.loss < 1e-3);
});

test('loss equals ‖A − W·H‖_F computed densely', async (t) => {
  const result = resultOf(await run(trainSvd(A, { components: 4, nIter: 3 })));
  const dense = A.toDense();
  let sum = 0;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      let wh = 0;
      for (let c = 0; c < 4; c++) wh += result.W.get(i, c) * result.H.get(c, j);
      sum += (dense.get(i, j) - wh) ** 2;
    }
  }
  t.true(Math.abs(result.loss - Math.sqrt(sum)) < 1e-10);
});

test('nIter 0 runs no epoch and still returns the range-finder factors; the seed makes runs equal', async (t) => {
  const events = await run(trainSvd(A, { components: 2, nIter: 0, seed: 9 }));
  t.is(events.length, 1);
  const result = resultOf(events);
  t.is(result.epochs, 0);
  t.true(result.converged);
  const again = resultOf(await run(trainSvd(A, { components: 2, nIter: 0, seed: 9 })));
  t.deepEqual(Array.from(again.W.data), Array.from(result.W.data));
});

test('a graceful stop returns the current factors with stopped: true', async (t) => {
  const controller = new AbortController();
  controller.abort();
  const result = resultOf(await run(trainSvd(A, { components: 2, nIter: 5, stop: controller.signal })));
  t.true(result.stopped);
  t.false(result.converged);
  t.is(result.epochs, 0);
  t.is(result.W.cols, 2);
});

test('SVD accepts negative values (LSA on centred data) and a dense matrix', async (t) => {
  const a = DenseMatrix.fromRows([
    [1, -2, 0],
    [-3, 0, 4],
  ]);
  const result = resultOf(await run(trainSvd(a, { components: 2, nIter: 2 })));
  t.true(result.loss < 1e-6);
});

test('the truncatedSvd operator decomposes each matrix of a stream', async (t) => {
  const events = await lastValueFrom(of(docTerms, docTerms).pipe(truncatedSvd({ components: 2 }), toArray()));
  t.is(events.filter((e) => e.type === 'result').length, 2);
});

test('the operator emits nothing for an empty source', async (t) => {
  t.deepEqual(await lastValueFrom(EMPTY.pipe(truncatedSvd({ components: 2 }), toArray())), []);
});

test('unsubscribing early stops the power iterations', async (t) => {
  const events = await lastValueFrom(
    trainSvd(A, { components: 2, nIter: 500, sliceMs: 0 }).pipe(take(2), toArray()),
  );
  t.deepEqual(
    events.map((e) => e.type),
    ['epoch', 'epoch'],
  );
});

test('under a TestScheduler the events are one epoch per power iteration, then the result', (t) => {
  const scheduler = new TestScheduler((actual, expected) => t.deepEqual(actual, expected));
  scheduler.run(({ expectObservable }) => {
    const types = trainSvd(A, { components: 2, nIter: 3, sliceMs: 0, scheduler }).pipe(map((e) => e.type));
    expectObservable(types).toBe('(eeer|)', { e: 'epoch', r: 'result' });
  });
});

test("svdModule registers plugin 'svd' as the active decomposer", async (t) => {
  const container = createContainer([svdModule({ components: 2, nIter: 1 })]);
  t.deepEqual(
    listPlugins(container, 'decomposer').map((p) => p.name),
    ['svd'],
  );
  const stage = container.get(DECOMPOSER);
  t.is(stage.name, 'svd');
  const events = await lastValueFrom(stage.apply(of(docTerms)).pipe(toArray()));
  t.is(resultOf(events).H.rows, 2);
  const resolved = resolvePlugin(container, 'decomposer', 'svd', { components: 3 });
  const result = await lastValueFrom(resolved.apply(of(docTerms)));
  t.is((result as ResultEvent).H.rows, 3);
});

test('bad options and input arrive through the error channel, naming parameter, value and bounds', async (t) => {
  const cases: [unknown, unknown, string][] = [
    [A, { components: 41 }, 'svd: components must be an integer in [1, min(rows, cols)] = [1, 40], got 41'],
    [A, { components: 2, nIter: -1 }, 'svd: nIter must be an integer ≥ 0, got -1'],
    [A, { components: 2, oversamples: 'x' }, 'svd: oversamples must be an integer ≥ 0, got "x"'],
    [A, { components: 2, seed: -1 }, 'svd: seed must be an integer in [0, 4294967295], got -1'],
    [A, { component: 2 }, 'svd: unknown option "component" (did you mean "components"?)'],
    [
      DenseMatrix.fromRows([[1, Number.NaN]]),
      { components: 1 },
      'svd: matrix must hold finite values, got NaN at row 0, column 1',
    ],
    [
      new DenseMatrix(0, 3),
      { components: 1 },
      'svd: matrix must have at least one row and one column, got 0 × 3',
    ],
  ];
  for (const [matrix, options, message] of cases) {
    const events = trainSvd(matrix as CsrMatrix, options as never);
    const error = await t.throwsAsync(firstValueFrom(events));
    t.true(isRivuletError(error), message);
    t.true(error?.message.startsWith(message), `${error?.message} should start with ${message}`);
  }
  t.notThrows(() => trainSvd(A, { components: 99 }), 'nothing is thrown synchronously');
});
