import type { TrainingEvent } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { from, type Observable } from 'rxjs';
import { slowConsumerChecks } from './index.js';

const result: TrainingEvent = {
  type: 'result',
  W: new DenseMatrix(0, 1, new Float64Array(0)),
  H: new DenseMatrix(1, 2, new Float64Array(2)),
  loss: 0,
  epochs: 1,
  converged: false,
  stopped: false,
};
/** `n` batch steps each followed by a snapshot whose H is `H(step)`, then a result. */
function stream(
  n: number,
  H: (step: number) => DenseMatrix,
  step = (i: number) => i,
): () => Observable<TrainingEvent> {
  const events: TrainingEvent[] = [];
  for (let i = 1; i <= n; i++) {
    events.push({ type: 'batch', step: step(i), batchSize: 1, loss: 1, elapsedMs: 0 });
    events.push({ type: 'snapshot', step: i, H: H(i) });
  }
  events.push(result);
  return () => from(events);
}
const problemsOf = async (checks: ReturnType<typeof slowConsumerChecks>) =>
  Promise.all(
    checks.map(async (c) => [
      c.title.replace(/^slow consumer [^:]*: /, '').split(' — ')[0],
      (await c.run()).problems,
    ]),
  );

test('a stream that keeps a copy of H per queued snapshot fails the stalled consumer only', async (t) => {
  const copies = stream(25, () => new DenseMatrix(1, 2, new Float64Array(2)));
  t.deepEqual(await problemsOf(slowConsumerChecks('copies', copies)), [
    ['stalled', ['25 queued snapshots held 25 matrices']],
    ['lagging', []],
    ['reading', []],
  ]);
});

test('a stream that reuses one H for every snapshot fails the consumer that keeps up', async (t) => {
  const shared = new DenseMatrix(1, 2, new Float64Array(2));
  const reused = stream(25, () => shared);
  const [stalled, lagging, reading] = await problemsOf(slowConsumerChecks('reused', reused));
  t.deepEqual(stalled[1], []);
  t.deepEqual(lagging[1], []);
  t.deepEqual(reading[1], ['25 snapshots read held only 1 matrices']);
});

test('batch steps out of order, too few snapshots and a missing result are reported', async (t) => {
  const swapped = stream(
    25,
    () => new DenseMatrix(1, 2, new Float64Array(2)),
    (i) => (i === 3 ? 4 : i === 4 ? 3 : i),
  );
  const [, lagging] = await problemsOf(slowConsumerChecks('swapped', swapped));
  t.deepEqual(lagging[1], ['batch event 3 has step 4']);
  const few = stream(2, () => new DenseMatrix(1, 2, new Float64Array(2)));
  const [, , reading] = await problemsOf(slowConsumerChecks('few', few));
  t.deepEqual(reading[1], ['only 2 snapshots (the check needs 20)']);
  const endless = () =>
    from([{ type: 'batch', step: 1, batchSize: 1, loss: 1, elapsedMs: 0 } as TrainingEvent]);
  const [, noResult] = await problemsOf(slowConsumerChecks('no result', endless, { minSnapshots: 0 }));
  t.deepEqual(noResult[1], ['0 result events, expected 1', 'the last event is batch, not the result']);
});
