import { integerOption, invalidOption } from '@rivulet/core';
import { from, Observable, type ObservableInput, type Subscription } from 'rxjs';

/**
 * Backpressure for asynchronous consumers: pulls up to `size` values from `iterable`, hands the batch to
 * `project`, emits what the returned Observable (or Promise) emits, and pulls the next batch only when
 * it has completed. So however slow `project` is, no more than one batch is read ahead. It behaves like
 * `batches(size)` + `concatMap(project)` over a file source, without the queue `concatMap` keeps while
 * the source keeps pushing. Unsubscribing stops the pull and calls the iterator's `return()` (closing a
 * file).
 *
 * @example
 * ```ts
 * import { concatBatches, jsonlDocuments } from '@rivulet/sources';
 * concatBatches(jsonlDocuments('data/en.jsonl'), 256, async (batch) => saveSomewhere(batch)).subscribe();
 * ```
 * Errors: RivuletError `invalid-option` (`concatBatches: size must be an integer ≥ 1, got 0`); errors of the
 * iterable or of `project` end the stream.
 */
export function concatBatches<T, R>(
  iterable: AsyncIterable<T>,
  size: number,
  project: (batch: T[], index: number) => ObservableInput<R>,
): Observable<R> {
  return new Observable<R>((subscriber) => {
    let iterator: AsyncIterator<T> | undefined;
    let inner: Subscription | undefined;
    let finished = false;
    const fail = (error: unknown) => {
      finished = true;
      subscriber.error(error);
    };
    const pullBatch = async (index: number): Promise<void> => {
      const batch: T[] = [];
      let done = false;
      while (batch.length < size) {
        const step = await iterator!.next();
        if (subscriber.closed) return;
        if (step.done) {
          done = true;
          break;
        }
        batch.push(step.value);
      }
      if (batch.length === 0) {
        finished = true;
        subscriber.complete();
        return;
      }
      inner = from(project(batch, index)).subscribe({
        next: (value) => subscriber.next(value),
        error: fail,
        complete: () => {
          if (done) {
            finished = true;
            subscriber.complete();
          } else pullBatch(index + 1).catch(fail);
        },
      });
    };
    try {
      integerOption('concatBatches', 'size', size, { min: 1 });
      if (typeof project !== 'function') invalidOption('concatBatches', 'project', 'a function', project);
      iterator = iterable[Symbol.asyncIterator]();
    } catch (error) {
      fail(error);
      return;
    }
    pullBatch(0).catch(fail);
    return () => {
      inner?.unsubscribe();
      if (!finished) void iterator?.return?.()?.catch(() => undefined);
    };
  });
}
