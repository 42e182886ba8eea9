import { Observable } from 'rxjs';

/**
 * A cold Observable that pulls values from the iterator `start` makes, one `next()` after the previous
 * value was delivered. Unsubscribing aborts `signal` first and then calls `return()`: an async generator
 * queues `return()` behind a `next()` that is still running (say, reading a very long line chunk by chunk),
 * so the sources check the signal between chunks to stop reading at once and close their file.
 */
export function pullObservable<T>(start: (signal: AbortSignal) => AsyncIterator<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let iterator: AsyncIterator<T>;
    try {
      iterator = start(controller.signal);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    let done = false;
    (async () => {
      try {
        while (!subscriber.closed) {
          const step = await iterator.next();
          if (step.done) {
            done = true;
            subscriber.complete();
            return;
          }
          if (subscriber.closed) return;
          subscriber.next(step.value);
        }
      } catch (error) {
        done = true;
        subscriber.error(error);
      }
    })();
    return () => {
      controller.abort();
      if (!done) void iterator.return?.()?.catch(() => undefined);
    };
  });
}
