import { fromEvent, isObservable, type Observable, of, take } from 'rxjs';
import type { PipelineEvent } from './events.js';
import { describeValue, RivuletError } from './RivuletError.js';

/**
 * A stop rule: given the events of the run it controls, an Observable that emits when training should
 * end gracefully (one `result` with the current factors, `stopped: true`). {@link earlyStopping} is one.
 */
export type StopRule = (events: Observable<PipelineEvent>) => Observable<unknown>;

/**
 * A graceful stop: an `AbortSignal` that aborts, an Observable that emits, or a {@link StopRule} that
 * watches the run's own events.
 */
export type StopOption = AbortSignal | Observable<unknown> | StopRule;

/** Per-run controls of a pipeline or stage (`run(documents$, { signal, stop })`). */
export interface RunControls {
  /** Hard cancel: aborting ends the run with an `aborted` RivuletError and frees what it held. */
  readonly signal?: AbortSignal;
  /** Graceful stop of training: the decomposer emits its result so far, then the run completes. */
  readonly stop?: StopOption;
}

/** True for a value `stop` accepts. */
export function isStopOption(value: unknown): value is StopOption {
  return (
    value instanceof AbortSignal ||
    isObservable(value) ||
    typeof value === 'function' ||
    // an AbortSignal of another realm (a worker, a vm context) by shape
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as AbortSignal).aborted === 'boolean' &&
      typeof (value as AbortSignal).addEventListener === 'function')
  );
}

/**
 * The one Observable a training loop listens to for a graceful stop, from any {@link StopOption}:
 * `events` is the run's own event stream, which a {@link StopRule} watches. Undefined when `stop` is.
 * @throws RivuletError `invalid-option` (parameter `stop`) for anything else.
 */
export function stopNotifier(
  stage: string,
  stop: unknown,
  events: Observable<PipelineEvent>,
): Observable<unknown> | undefined {
  if (stop === undefined) return undefined;
  if (!isStopOption(stop)) {
    throw new RivuletError(
      'invalid-option',
      stage,
      `stop must be an AbortSignal, an Observable or a stop rule (events$ => Observable), got ${describeValue(stop)}`,
      { parameter: 'stop' },
    );
  }
  if (isObservable(stop)) return stop;
  if (typeof stop === 'function') return (stop as StopRule)(events);
  const signal = stop as AbortSignal;
  return signal.aborted ? of(true) : fromEvent(signal, 'abort').pipe(take(1));
}
