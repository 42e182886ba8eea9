import type { DocTermMatrix, TrainingEvent } from '@rivulet/core';
import { concatMap, type OperatorFunction } from 'rxjs';
import type { SvdOptions } from './SvdOptions.js';
import { trainSvd } from './trainSvd.js';

/**
 * The truncated SVD decomposer as an RxJS operator: each incoming document-term matrix is decomposed in
 * turn (see {@link trainSvd}) and its training events are emitted, in order.
 *
 * @example
 * ```ts
 * import { truncatedSvd } from '@rivulet/decomposition';
 * matrices$.pipe(truncatedSvd({ components: 100 })).subscribe((e) => e.type === 'result' && console.log(e.loss));
 * ```
 */
export function truncatedSvd(options: SvdOptions): OperatorFunction<DocTermMatrix, TrainingEvent> {
  return (source) => source.pipe(concatMap((matrix) => trainSvd(matrix, options)));
}
