import { asyncScheduler, type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/** One scheduled piece of work, rescheduled through `this.schedule()` as RxJS actions are. */
class ImmediateAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: ReturnType<typeof setImmediate> | undefined;
  private delayed: Subscription | undefined;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super();
    this.add(() => this.cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.cancel();
    if (delay > 0) this.delayed = asyncScheduler.schedule(() => this.run(state), delay);
    else this.handle = setImmediate(() => this.run(state));
    return this;
  }

  private run(state?: T): void {
    this.handle = undefined;
    this.delayed = undefined;
    if (!this.closed) this.work.call(this, state);
  }

  private cancel(): void {
    if (this.handle !== undefined) clearImmediate(this.handle);
    this.handle = undefined;
    this.delayed?.unsubscribe();
    this.delayed = undefined;
  }
}

/**
 * The default scheduler of training loops: a macrotask like `asyncScheduler`, so the host's timers and I/O
 * run between slices of work, but through Node's `setImmediate` (the event loop's check phase) instead of
 * `setTimeout`, whose delay is clamped to at least 1 ms — idle time a loop that yields every 10 ms of work
 * would pay at every slice. Delays > 0 go through `asyncScheduler`; where there is no `setImmediate` (a
 * browser) this is `asyncScheduler` itself.
 *
 * @example
 * ```ts
 * import { yieldScheduler } from '@rivulet/core';
 * yieldScheduler.schedule(() => console.log('after pending I/O and timers'));
 * ```
 */
export const yieldScheduler: SchedulerLike =
  typeof setImmediate === 'function'
    ? {
        now: () => Date.now(),
        schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T) {
          return new ImmediateAction<T>(work).schedule(state, delay);
        },
      }
    : asyncScheduler;
