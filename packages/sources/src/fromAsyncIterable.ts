import { describeValue, RivuletError } from '@rivulet/core';
import { type Observable, throwError } from 'rxjs';
import { pullObservable } from './internal/pullObservable.js';

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
  if (iterable === null || typeof iterable !== 'object' || !(Symbol.asyncIterator in iterable)) {
    return throwError(
      () =>
        new RivuletError(
          'invalid-input',
          'fromAsyncIterable',
          `iterable must be an AsyncIterable, got ${describeValue(iterable)}`,
          { parameter: 'iterable' },
        ),
    );
  }
  return pullObservable(() => iterable[Symbol.asyncIterator]());
}
