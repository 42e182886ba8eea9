import {
  type Observable,
  Observable as RxObservable,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs';
import type { ResultEvent, SnapshotEvent, TrainingEvent, WarningEvent } from './events.js';
import { describeValue, RivuletError } from './RivuletError.js';
import { type StopOption, stopNotifier } from './stop.js';
import { yieldScheduler } from './yieldScheduler.js';

/** How a training loop shares the thread and how it can be ended early. */
export interface TrainingLoopOptions {
  /**
   * The scheduler the loop yields through between slices of epochs (default {@link yieldScheduler}, a
   * macrotask, so timers and I/O of the host run in between, without `setTimeout`'s 1 ms clamp). Tests
   * pass a `TestScheduler`.
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Epochs run back to back until this many milliseconds have passed, then the loop yields (default 10;
   * 0 yields after every epoch, which makes event timing deterministic under a `TestScheduler`).
   */
  readonly sliceMs?: number;
  /**
   * Graceful stop: when the signal aborts, the Observable emits, or the stop rule (given this run's own
   * events, e.g. {@link earlyStopping}) emits, the loop finishes the epoch under way, emits one `result`
   * with the current factors (`stopped: true`) and completes. Unsubscribing is the hard cancel: nothing
   * more is emitted.
   */
  readonly stop?: StopOption;
}

/** Options of a decomposer that can show its components while it trains (a live view's topics). */
export interface SnapshotOptions {
  /**
   * Opt-in: every this many epochs, emit a `snapshot` event with the components so far (for a live view of
   * topics as they form), when the session can give them. Default: no snapshots.
   */
  readonly snapshotEvery?: number;
}

/** What one epoch reports to the loop. */
export interface EpochOutcome {
  readonly loss: number;
  /** The solver's own convergence test passed (scikit-learn's `tol` meaning for that solver). */
  readonly converged: boolean;
}

/**
 * The state of one training run, created when a subscriber arrives. The loop owns scheduling, events,
 * cancellation and stopping; the session owns the numbers.
 */
export interface TrainingSession {
  /** Loss of the starting factors (the previous loss of epoch 1). */
  readonly initialLoss: number;
  readonly maxEpochs: number;
  /** Warnings emitted before the first epoch. */
  readonly warnings?: readonly WarningEvent[];
  /** Runs epoch `epoch` (1-based). */
  step(epoch: number): EpochOutcome;
  /**
   * The snapshot event of epoch `epoch` (the components so far), for `snapshotEvery`; sessions that cannot
   * give them leave it out. A session may conflate unread snapshots to bound memory for slow consumers.
   */
  snapshot?(epoch: number): SnapshotEvent;
  /** The final event, built from the current factors. */
  result(epochs: number, converged: boolean, stopped: boolean): ResultEvent;
  /** Frees what the session holds; called once, whatever way the run ended. */
  dispose?(): void;
}

/**
 * Runs a training session as a cold Observable: subscribing starts it, each epoch emits an `epoch` event,
 * the end emits one `result` and completes. Errors thrown by the session travel down the error channel.
 *
 * @param stage stage name for error messages
 * @param start creates the session (validation errors thrown here reach the subscriber too)
 */
export function trainingLoop(
  stage: string,
  start: () => TrainingSession,
  options: TrainingLoopOptions & SnapshotOptions = {},
): Observable<TrainingEvent> {
  const scheduler = options.scheduler ?? yieldScheduler;
  const sliceMs = options.sliceMs ?? 10;
  const snapshotEvery = options.snapshotEvery;
  // A bad option reaches the subscriber through the error channel, like every other training error.
  const refuse = (parameter: string, expected: string, got: unknown) =>
    new RxObservable<TrainingEvent>((s) =>
      s.error(
        new RivuletError(
          'invalid-option',
          stage,
          `${parameter} must be ${expected}, got ${describeValue(got)}`,
          {
            parameter,
          },
        ),
      ),
    );
  if (
    snapshotEvery !== undefined &&
    (typeof snapshotEvery !== 'number' || !Number.isInteger(snapshotEvery) || snapshotEvery < 1)
  ) {
    return refuse('snapshotEvery', 'an integer ≥ 1', snapshotEvery);
  }
  if (typeof sliceMs !== 'number' || !(sliceMs >= 0)) return refuse('sliceMs', 'a number ≥ 0', sliceMs);
  return new RxObservable<TrainingEvent>((subscriber) => {
    let session: TrainingSession | undefined;
    let stopRequested = false;
    let stopSubscription: Subscription | undefined;
    let disposed = false;
    // What a stop rule watches: every event this run emits.
    const watched = new Subject<TrainingEvent>();
    const emit = (event: TrainingEvent) => {
      subscriber.next(event);
      watched.next(event);
    };
    const dispose = () => {
      if (disposed) return;
      disposed = true;
      stopSubscription?.unsubscribe();
      watched.complete();
      session?.dispose?.();
      session = undefined;
    };
    const onAbort = () => {
      stopRequested = true;
    };
    const t0 = performance.now();
    let epoch = 0;
    let previous = 0;

    const finish = (converged: boolean, stopped: boolean) => {
      const s = session as TrainingSession;
      const result = s.result(epoch, converged, stopped);
      dispose();
      subscriber.next(result);
      subscriber.complete();
    };

    const runSlice = (): boolean => {
      const s = session as TrainingSession;
      const sliceStart = performance.now();
      while (!subscriber.closed) {
        if (stopRequested) {
          finish(false, true);
          return false;
        }
        if (epoch >= s.maxEpochs) {
          finish(false, false);
          return false;
        }
        epoch++;
        const outcome = s.step(epoch);
        const relativeChange = previous === 0 ? 0 : (previous - outcome.loss) / previous;
        previous = outcome.loss;
        emit({
          type: 'epoch',
          epoch,
          loss: outcome.loss,
          relativeChange,
          elapsedMs: performance.now() - t0,
        });
        if (snapshotEvery !== undefined && epoch % snapshotEvery === 0 && s.snapshot && !subscriber.closed) {
          emit(s.snapshot(epoch));
        }
        if (outcome.converged && !subscriber.closed) {
          finish(true, false);
          return false;
        }
        if (performance.now() - sliceStart >= sliceMs) return true;
      }
      return false;
    };

    const scheduled = scheduler.schedule(function () {
      try {
        if (session === undefined) {
          session = start();
          previous = session.initialLoss;
          const stop$ = stopNotifier(stage, options.stop, watched);
          stopSubscription = stop$?.subscribe({ next: onAbort, error: (e) => subscriber.error(e) });
          for (const w of session.warnings ?? []) emit(w);
        }
        if (runSlice()) this.schedule();
      } catch (error) {
        dispose();
        subscriber.error(error);
      }
    });
    return () => {
      scheduled.unsubscribe();
      dispose();
    };
  });
}
