import { isEvent, type TrainingEvent } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';
import { lastValueFrom, toArray } from 'rxjs';
import { trainNmf } from './index.js';

const A = CsrMatrix.fromDense([
  [1, 0, 2, 0],
  [0, 3, 0, 1],
]);
const events = (options: Parameters<typeof trainNmf>[1]) =>
  lastValueFrom(trainNmf(A, options).pipe(toArray())) as Promise<TrainingEvent[]>;

test('components above min(rows, cols) with the default start is a warning, not a silent random start', async (t) => {
  const warnings = (await events({ components: 3, maxEpochs: 5 })).filter(isEvent('warning'));
  t.deepEqual(
    warnings.map((w) => w.code),
    ['components-above-rank'],
  );
  t.regex(
    warnings[0].message,
    /^components = 3 is above min\(rows, cols\) = min\(2, 4\) = 2, so the default start is "random"/,
  );
});

test('no warning when the start is chosen, or when components fit', async (t) => {
  t.deepEqual((await events({ components: 3, maxEpochs: 5, init: 'random' })).filter(isEvent('warning')), []);
  t.deepEqual((await events({ components: 2, maxEpochs: 5 })).filter(isEvent('warning')), []);
});
