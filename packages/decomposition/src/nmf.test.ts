import { isRivuletError, type ResultEvent } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';
import { firstValueFrom, lastValueFrom, of, toArray } from 'rxjs';
import { fitNmf, nmf } from './index.js';

const doc = (rows: number[][]) => ({
  matrix: CsrMatrix.fromDense(rows),
  vocabulary: rows[0].map((_, j) => `t${j}`),
  ids: rows.map((_, i) => `d${i}`),
  weighting: { kind: 'count' as const, norm: null },
});

test('nmf trains each incoming matrix in turn, one result each, in order', async (t) => {
  const a = doc([
    [1, 0, 2],
    [0, 3, 1],
  ]);
  const b = doc([
    [1, 1, 0, 0],
    [0, 0, 2, 2],
    [1, 0, 0, 1],
  ]);
  const events = await lastValueFrom(
    of(a, b).pipe(nmf({ components: 2, maxEpochs: 3, init: 'random' }), toArray()),
  );
  const results = events.filter((e): e is ResultEvent => e.type === 'result');
  t.deepEqual(
    results.map((r) => [r.W.rows, r.H.cols]),
    [
      [2, 3],
      [3, 4],
    ],
  );
  t.is(events.length, 8);
});

test('nmf sends bad options down the error channel when a matrix arrives', async (t) => {
  const operator = nmf({ components: -1 });
  const error = await firstValueFrom(of(doc([[1]])).pipe(operator)).catch((e) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error.message, 'nmf: components must be an integer ≥ 1, got -1');
});

test('nmf on an empty source completes without events', async (t) => {
  t.deepEqual(await lastValueFrom(of().pipe(nmf({ components: 2 }), toArray())), []);
});

test('fitNmf rejects with an aborted error when its signal aborts, and reports progress through onEvent', async (t) => {
  const controller = new AbortController();
  let epochs = 0;
  const error = await fitNmf(doc([[1, 2, 0, 3]]).matrix, {
    components: 1,
    init: 'random',
    maxEpochs: 100_000,
    tol: 0,
    sliceMs: 0,
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'epoch' && ++epochs === 3) controller.abort();
    },
  }).catch((e) => e);
  t.true(isRivuletError(error, 'aborted'));
  t.is(epochs, 3);
});
