import { fromEvent, type Observable, of, take } from 'rxjs';

/** A graceful-stop request as one Observable: the signal's abort (at once when already aborted) or the first value. */
export function stopNotifier(
  stop: AbortSignal | Observable<unknown> | undefined,
): Observable<unknown> | undefined {
  if (stop === undefined) return undefined;
  if (stop instanceof AbortSignal) return stop.aborted ? of(true) : fromEvent(stop, 'abort').pipe(take(1));
  return stop.pipe(take(1));
}
