/**
 * The slow-consumer checks: a training stream consumed asynchronously (a `concatMap` over a timer, a
 * network sink) must not keep every event's payload alive — 393 queued snapshots of H once took 4.15 GB.
 * For any stream of training events that emits `snapshot`s (an online decomposer, a decomposer in a worker
 * thread), three consumers:
 * - **stalled**: handles nothing until the producer has finished (the slowest possible: every event queues
 *   in `concatMap`); the snapshot payloads (`H`) held by the queue must be at most `maxQueuedSnapshots`
 *   distinct matrices however many snapshots were queued;
 * - **lagging**: takes a few event-loop turns per event (no clocks): every event still arrives once, in
 *   order (`batch` steps 1, 2, 3, …; snapshot steps never falling), ending in one `result`;
 * - **reading**: a synchronous consumer still gets one distinct snapshot per snapshot event, its `step`
 *   rising (conflation must never cost a consumer that keeps up).
 * Counting uses object identity of the `H` matrices, never timing or heap sizes, so it is exact on a loaded
 * machine. Rivulet's own streams pass by conflating snapshots (`ConflatedSnapshots` of
 * `@rivulet/decomposition`).
 */
import type { TrainingEvent } from '@rivulet/core';
import { concatMap, from, lastValueFrom, map, type Observable, tap, toArray } from 'rxjs';

/** How strict the slow-consumer checks are. */
export interface SlowConsumerOptions {
  /** Most distinct snapshot matrices the stalled consumer may find in its queue (default 1). */
  readonly maxQueuedSnapshots?: number;
  /** Fewest snapshot events the stream must emit for the check to mean something (default 20). */
  readonly minSnapshots?: number;
}

/** One slow-consumer check: `run()` resolves to the problems found (none: it passed). */
export interface SlowConsumerCheck {
  /** `slow consumer <name>: <consumer> — <what must hold>`. */
  readonly title: string;
  run(): Promise<{ readonly problems: readonly string[] }>;
}

type Snapshot = Extract<TrainingEvent, { type: 'snapshot' }>;

const turns = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(n);
  });

const snapshotsOf = (events: readonly TrainingEvent[]) =>
  events.filter((e): e is Snapshot => e.type === 'snapshot');

/** Problems with the end of a handled stream: exactly one `result`, and last. */
function endsInOneResult(handled: readonly TrainingEvent[]): string[] {
  const results = handled.filter((e) => e.type === 'result').length;
  const problems: string[] = [];
  if (results !== 1) problems.push(`${results} result events, expected 1`);
  if (handled.at(-1)?.type !== 'result')
    problems.push(`the last event is ${handled.at(-1)?.type ?? 'none'}, not the result`);
  return problems;
}

/**
 * The three slow-consumer checks of the stream `events()` (a fresh, cold stream per call), runnable from
 * any test runner: run each and fail on its problems. `slowConsumerChecksWithAva` of
 * `@rivulet/testing/ava` registers them as ava tests.
 *
 * @example
 * ```ts
 * import { slowConsumerChecks } from '@rivulet/testing';
 * for (const check of slowConsumerChecks('my online decomposer', () => of(X).pipe(myDecomposer({ snapshotEvery: 1 })))) {
 *   const { problems } = await check.run();
 *   if (problems.length) throw new Error(`${check.title}: ${problems.join('; ')}`);
 * }
 * ```
 */
export function slowConsumerChecks(
  name: string,
  events: () => Observable<TrainingEvent>,
  options: SlowConsumerOptions = {},
): SlowConsumerCheck[] {
  const maxQueued = options.maxQueuedSnapshots ?? 1;
  const minSnapshots = options.minSnapshots ?? 20;
  const tooFew = (count: number) =>
    count >= minSnapshots ? [] : [`only ${count} snapshots (the check needs ${minSnapshots})`];

  const stalled: SlowConsumerCheck = {
    title: `slow consumer ${name}: stalled — queued snapshots share at most ${maxQueued} matrices`,
    async run() {
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
      const snapshots = snapshotsOf(handled);
      const distinct = new Set(snapshots.map((e) => e.H)).size;
      return {
        problems: [
          ...tooFew(snapshots.length),
          ...(distinct <= maxQueued
            ? []
            : [`${snapshots.length} queued snapshots held ${distinct} matrices`]),
          ...(handled.at(-1)?.type === 'result' ? [] : ['the last event is not the result']),
        ],
      };
    },
  };

  const lagging: SlowConsumerCheck = {
    title: `slow consumer ${name}: lagging — every event once, in order, then the result`,
    async run() {
      const handled = await lastValueFrom(
        events().pipe(
          concatMap((e) => from(turns(3)).pipe(map(() => e))),
          toArray(),
        ),
      );
      const batches = handled.flatMap((e) => (e.type === 'batch' ? [e.step] : []));
      const wrongStep = batches.findIndex((step, i) => step !== i + 1);
      const steps = snapshotsOf(handled).map((e) => e.step);
      return {
        problems: [
          ...(wrongStep === -1 ? [] : [`batch event ${wrongStep + 1} has step ${batches[wrongStep]}`]),
          ...tooFew(steps.length),
          ...(steps.every((s, i) => i === 0 || s >= steps[i - 1]) ? [] : ['snapshot steps went back']),
          ...endsInOneResult(handled),
        ],
      };
    },
  };

  const reading: SlowConsumerCheck = {
    title: `slow consumer ${name}: reading — a consumer that keeps up sees every snapshot`,
    async run() {
      const read: Snapshot[] = [];
      await lastValueFrom(
        events().pipe(
          tap((e) => {
            if (e.type === 'snapshot') read.push({ type: 'snapshot', step: e.step, H: e.H });
          }),
          toArray(),
        ),
      );
      const distinct = new Set(read.map((e) => e.H)).size;
      return {
        problems: [
          ...tooFew(read.length),
          ...(distinct === read.length
            ? []
            : [`${read.length} snapshots read held only ${distinct} matrices`]),
          ...(read.every((e, i) => i === 0 || e.step > read[i - 1].step)
            ? []
            : ['snapshot steps did not rise']),
        ],
      };
    },
  };

  return [stalled, lagging, reading];
}
