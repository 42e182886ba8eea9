import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { filter, lastValueFrom, map, Subject, take, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { EpochEvent, TrainingEvent } from './events.js';
import { isRivuletError, RivuletError } from './RivuletError.js';
import { type TrainingSession, trainingLoop } from './trainingLoop.js';
import { untilResult } from './untilResult.js';

/** A session whose loss halves each epoch and that converges below `floor`. */
function halving(maxEpochs: number, floor = 0, log: string[] = []): () => TrainingSession {
  return () => {
    let loss = 64;
    log.push('start');
    return {
      initialLoss: loss,
      maxEpochs,
      step(epoch) {
        log.push(`step ${epoch}`);
        loss /= 2;
        return { loss, converged: loss < floor };
      },
      result(epochs, converged, stopped) {
        return {
          type: 'result',
          W: DenseMatrix.zeros(1, 1),
          H: DenseMatrix.zeros(1, 1),
          loss,
          epochs,
          converged,
          stopped,
        };
      },
      dispose() {
        log.push('dispose');
      },
    };
  };
}

const types = (events: TrainingEvent[]) =>
  events.map((e) => (e.type === 'epoch' ? `epoch ${e.epoch}` : e.type));

test('emits one epoch event per epoch, then a result, and completes; hitting maxEpochs is not an error', async (t) => {
  const events = await lastValueFrom(trainingLoop('fake', halving(3), { sliceMs: 0 }).pipe(toArray()));
  t.deepEqual(types(events), ['epoch 1', 'epoch 2', 'epoch 3', 'result']);
  const first = events[0] as EpochEvent;
  t.is(first.loss, 32);
  t.is(first.relativeChange, 0.5);
  t.like(events[3], { type: 'result', epochs: 3, converged: false, stopped: false, loss: 8 });
});

test('a converged epoch ends training with converged: true', async (t) => {
  const events = await lastValueFrom(trainingLoop('fake', halving(100, 10), { sliceMs: 0 }).pipe(toArray()));
  t.deepEqual(types(events), ['epoch 1', 'epoch 2', 'epoch 3', 'result']);
  t.like(events.at(-1), { converged: true, epochs: 3 });
});

test('is cold: nothing runs before subscription', (t) => {
  const log: string[] = [];
  trainingLoop('fake', halving(3, 0, log));
  t.deepEqual(log, []);
});

test('yields to the scheduler between epochs (marble timing with sliceMs 0)', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ expectObservable }) => {
    const types$ = trainingLoop('fake', halving(2), { scheduler, sliceMs: 0 }).pipe(
      map((e) => types([e])[0]),
    );
    expectObservable(types$).toBe('(abc|)', { a: 'epoch 1', b: 'epoch 2', c: 'result' });
  });
});

test('other tasks of the scheduler run between epochs (the loop never holds the thread for long)', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  const order: string[] = [];
  scheduler.run(() => {
    trainingLoop('fake', halving(2), { scheduler, sliceMs: 0 }).subscribe((e) => order.push(types([e])[0]));
    scheduler.schedule(() => order.push('host task'));
  });
  t.deepEqual(order, ['epoch 1', 'host task', 'epoch 2', 'result']);
});

test('unsubscribing mid-training stops it: no epoch follows and the session is disposed', async (t) => {
  const log: string[] = [];
  const events = await lastValueFrom(
    trainingLoop('fake', halving(1000, 0, log), { sliceMs: 1000 }).pipe(take(3), toArray()),
  );
  t.is(events.length, 3);
  await new Promise((r) => setTimeout(r, 20));
  t.deepEqual(log, ['start', 'step 1', 'step 2', 'step 3', 'dispose']);
});

test('graceful stop by AbortSignal: one result with stopped: true, then complete', async (t) => {
  const controller = new AbortController();
  const events = await lastValueFrom(
    trainingLoop('fake', halving(1000), { sliceMs: 0, stop: controller.signal }).pipe(
      tap((e) => e.type === 'epoch' && e.epoch === 4 && controller.abort()),
      toArray(),
    ),
  );
  t.true(events.length >= 2);
  t.like(events.at(-1), { type: 'result', stopped: true, converged: false });
});

test('graceful stop by an Observable built from the epoch events (early stopping by composition)', async (t) => {
  const epochs = new Subject<TrainingEvent>();
  const stop = epochs.pipe(filter((e) => e.type === 'epoch' && e.relativeChange < 0.6));
  const events = await lastValueFrom(
    trainingLoop('fake', halving(1000), { sliceMs: 0, stop }).pipe(
      tap((e) => epochs.next(e)),
      toArray(),
    ),
  );
  t.deepEqual(types(events), ['epoch 1', 'result']);
  t.like(events[1], { stopped: true, epochs: 1 });
});

test('errors thrown while starting or stepping travel down the error channel and dispose', async (t) => {
  const failing = trainingLoop('fake', () => {
    throw new RivuletError('invalid-option', 'fake', 'components must be an integer ≥ 1, got 0');
  });
  const error = await t.throwsAsync(lastValueFrom(failing));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error?.message, 'fake: components must be an integer ≥ 1, got 0');

  const log: string[] = [];
  const stepping = trainingLoop('fake', () => ({
    ...halving(5, 0, log)(),
    step: () => {
      throw new Error('boom');
    },
  }));
  await t.throwsAsync(lastValueFrom(stepping), { message: 'boom' });
  t.true(log.includes('dispose'));
});

test('a bad sliceMs or stop is an invalid-option error naming it', async (t) => {
  const e1 = await t.throwsAsync(lastValueFrom(trainingLoop('fake', halving(2), { sliceMs: -1 })));
  t.is(e1?.message, 'fake: sliceMs must be a number ≥ 0, got -1');
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const e2 = await t.throwsAsync(lastValueFrom(trainingLoop('fake', halving(2), { stop: 5 as any })));
  t.is(
    e2?.message,
    'fake: stop must be an AbortSignal, an Observable or a stop rule (events$ => Observable), got 5',
  );
});

test('warnings of the session come before the first epoch', async (t) => {
  const events = await lastValueFrom(
    trainingLoop(
      'fake',
      () => ({ ...halving(1)(), warnings: [{ type: 'warning', code: 'w', message: 'm' }] }),
      {
        sliceMs: 0,
      },
    ).pipe(toArray()),
  );
  t.deepEqual(types(events), ['warning', 'epoch 1', 'result']);
});

test('untilResult resolves with the result and rejects with an aborted error on abort', async (t) => {
  const result = await untilResult(trainingLoop('fake', halving(2), { sliceMs: 0 }));
  t.like(result, { type: 'result', epochs: 2 });
  const controller = new AbortController();
  const seen: number[] = [];
  const pending = untilResult(trainingLoop('fake', halving(1e9), { sliceMs: 0 }), {
    signal: controller.signal,
    onEvent: (e) => e.type === 'epoch' && seen.push(e.epoch) && e.epoch === 3 && controller.abort(),
  });
  const error = await t.throwsAsync(pending);
  t.true(isRivuletError(error, 'aborted'));
  const before = seen.length;
  await new Promise((r) => setTimeout(r, 20));
  t.is(seen.length, before);
});

test('subscribing returns before the first epoch runs (training starts in a scheduled task)', async (t) => {
  const seen: TrainingEvent[] = [];
  const log: string[] = [];
  const done = lastValueFrom(
    trainingLoop('fake', halving(1, 0, log), { sliceMs: 0 }).pipe(tap((e) => seen.push(e))),
  );
  t.deepEqual(seen, []);
  t.deepEqual(log, []);
  await done;
  t.is(seen.length, 2);
});

test('snapshotEvery: a snapshot of the components every N epochs, only when the session can give them', async (t) => {
  const withSnapshots = () => {
    const session = halving(7)();
    let taken = 0;
    return {
      ...session,
      snapshot: (epoch: number) => ({
        type: 'snapshot' as const,
        step: epoch,
        H: DenseMatrix.zeros(1, ++taken),
      }),
    };
  };
  const events = await lastValueFrom(
    trainingLoop('fake', withSnapshots, { sliceMs: 0, snapshotEvery: 3 }).pipe(toArray()),
  );
  t.deepEqual(types(events), [
    'epoch 1',
    'epoch 2',
    'epoch 3',
    'snapshot',
    'epoch 4',
    'epoch 5',
    'epoch 6',
    'snapshot',
    'epoch 7',
    'result',
  ]);
  t.deepEqual(
    events.flatMap((e) => (e.type === 'snapshot' ? [[e.step, e.H.cols]] : [])),
    [
      [3, 1],
      [6, 2],
    ],
  );
  const plain = await lastValueFrom(
    trainingLoop('fake', halving(4), { sliceMs: 0, snapshotEvery: 1 }).pipe(toArray()),
  );
  t.false(
    plain.some((e) => e.type === 'snapshot'),
    'a session without snapshot() emits none',
  );
  const bad = await t.throwsAsync(lastValueFrom(trainingLoop('fake', halving(2), { snapshotEvery: 0 })));
  t.is(bad?.message, 'fake: snapshotEvery must be an integer ≥ 1, got 0');
});
