/**
 * The "slow consumer" family (issue 10 item 7): a training stream consumed asynchronously must not keep
 * every event's payload alive. `slowConsumerChecks` registers, for any stream of training events:
 * - **stalled**: a consumer that handles nothing until the producer has finished (the slowest possible:
 *   every event queues in `concatMap`); the snapshot payloads (`H`) kept by the queue must stay within
 *   `maxQueuedSnapshots` distinct matrices however many snapshots were queued;
 * - **lagging**: a consumer that takes a few event-loop turns per event (no clocks): every event still
 *   arrives once, in order (`batch` steps rising, snapshot steps never falling), ending in one `result`;
 * - **reading**: a synchronous consumer still gets one distinct snapshot per snapshot event, its `step`
 *   rising (conflation must never cost a consumer that keeps up).
 * Counting uses object identity of the `H` matrices, never timing or heap sizes.
 *
 * @example
 * ```ts
 * slowConsumerChecks(test, 'onlineNmf', () => of(X).pipe(onlineNmf({ components: 3, batchSize: 8, snapshotEvery: 1 })));
 * ```
 */
import type { TrainingEvent } from '@rivulet/core';
import type { TestFn } from 'ava';
import { concatMap, from, lastValueFrom, map, type Observable, tap, toArray } from 'rxjs';

export interface SlowConsumerOptions {
  /** Most distinct snapshot matrices the stalled consumer may find in its queue (default 1). */
  readonly maxQueuedSnapshots?: number;
  /** Fewest snapshot events the stream must emit for the check to mean something (default 20). */
  readonly minSnapshots?: number;
}

const turns = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(n);
  });

type Snapshot = Extract<TrainingEvent, { type: 'snapshot' }>;

export function slowConsumerChecks(
  test: TestFn,
  name: string,
  events: () => Observable<TrainingEvent>,
  options: SlowConsumerOptions = {},
): void {
  const maxQueued = options.maxQueuedSnapshots ?? 1;
  const minSnapshots = options.minSnapshots ?? 20;

  test(`slow consumer ${name}: stalled — queued snapshots share at most ${maxQueued} matrices`, async (t) => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const handled = await lastValueFrom(
      events().pipe(
        tap({ complete: () => open() }),
        concatMap((e) => from(gate).pipe(map(() => e))),
        toArray(),
      ),
    );
    const snapshots = handled.filter((e): e is Snapshot => e.type === 'snapshot');
    t.true(snapshots.length >= minSnapshots, `only ${snapshots.length} snapshots`);
    const distinct = new Set(snapshots.map((e) => e.H)).size;
    t.true(distinct <= maxQueued, `${snapshots.length} queued snapshots held ${distinct} matrices`);
    t.is(handled[handled.length - 1].type, 'result');
  });

  test(`slow consumer ${name}: lagging — every event once, in order, then the result`, async (t) => {
    const handled = await lastValueFrom(
      events().pipe(
        concatMap((e) => from(turns(3)).pipe(map(() => e))),
        toArray(),
      ),
    );
    const batches = handled.filter((e) => e.type === 'batch').map((e) => (e.type === 'batch' ? e.step : 0));
    t.deepEqual(
      batches,
      batches.map((_, i) => i + 1),
    );
    const steps = handled.filter((e): e is Snapshot => e.type === 'snapshot').map((e) => e.step);
    t.true(steps.length >= minSnapshots);
    t.true(
      steps.every((s, i) => i === 0 || s >= steps[i - 1]),
      'snapshot steps never go back',
    );
    t.is(handled.filter((e) => e.type === 'result').length, 1);
    t.is(handled[handled.length - 1].type, 'result');
  });

  test(`slow consumer ${name}: reading — a consumer that keeps up sees every snapshot`, async (t) => {
    const read: Snapshot[] = [];
    await lastValueFrom(
      events().pipe(
        tap((e) => {
          if (e.type === 'snapshot') read.push({ type: 'snapshot', step: e.step, H: e.H });
        }),
        toArray(),
      ),
    );
    t.true(read.length >= minSnapshots);
    t.is(new Set(read.map((e) => e.H)).size, read.length, 'one matrix per snapshot');
    t.true(read.every((e, i) => i === 0 || e.step > read[i - 1].step));
  });
}
