import { integerOption } from '@rivulet/core';
import { bufferCount, defer, type OperatorFunction } from 'rxjs';

/**
 * Groups a stream into arrays of `size` values (the last one may be shorter), so that asynchronous work
 * can be done a batch at a time with `concatMap` while the source waits.
 *
 * @example
 * ```ts
 * import { batches, readJsonl } from '@rivulet/sources';
 * readJsonl('data/en.jsonl').pipe(batches(256)).subscribe((batch) => console.log(batch.length));
 * ```
 * Errors: RivuletError `invalid-option` (`batches: size must be an integer ≥ 1, got 0`).
 */
export function batches<T>(size: number): OperatorFunction<T, T[]> {
  return (source) =>
    defer(() => {
      integerOption('batches', 'size', size, { min: 1 });
      return source.pipe(bufferCount(size));
    });
}
