import { describeValue, RivuletError } from '@rivulet/core';
import { Observable } from 'rxjs';

/**
 * A cold Observable over an async iterable that pulls the next value only after the subscriber's `next`
 * has returned for the previous one, so a source such as a file is read as fast as it is consumed and
 * never ahead of it. Each subscription starts a new iteration; unsubscribing calls the iterator's
 * `return()`, which for the file sources of this package closes the file.
 *
 * Backpressure: synchronous consumers (`map`, `bufferCount`, the tokenizer) pace the reading exactly. A
 * consumer that starts asynchronous work per value should take {@link batches} and use `concatMap`, or use
 * the async-iterable form (`jsonlDocuments`) and pull.
 *
 * @example
 * ```ts
 * import { fromAsyncIterable } from '@rivulet/sources';
 * async function* docs() { yield { id: '1', text: 'hello' }; }
 * fromAsyncIterable(docs()).subscribe((d) => console.log(d.id));
 * ```
 */
export function fromAsyncIterable<T>(iterable: AsyncIterable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    if (iterable === null || typeof iterable !== 'object' || !(Symbol.asyncIterator in iterable)) {
      subscriber.error(
        new RivuletError(
          'invalid-input',
          'fromAsyncIterable',
          `iterable must be an AsyncIterable, got ${describeValue(iterable)}`,
          { parameter: 'iterable' },
        ),
      );
      return;
    }
    const iterator = iterable[Symbol.asyncIterator]();
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
      // Abandoning a live iteration releases what the iterator holds (an open file, a stream).
      if (!done) void iterator.return?.()?.catch(() => undefined);
    };
  });
}
