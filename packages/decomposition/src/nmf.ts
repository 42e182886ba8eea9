import type { DocTermMatrix, TrainingEvent } from '@rivulet/core';
import { concatMap, type OperatorFunction } from 'rxjs';
import type { NmfOptions } from './NmfOptions.js';
import { trainNmf } from './trainNmf.js';

/**
 * The decomposer stage as an RxJS operator: each incoming document-term matrix is factorised in turn
 * (see {@link trainNmf}) and its training events are emitted, in order.
 *
 * @example
 * ```ts
 * import { nmf } from '@rivulet/decomposition';
 * matrices$.pipe(nmf({ components: 3 })).subscribe((e) => e.type === 'result' && console.log(e.loss));
 * ```
 */
export function nmf(options: NmfOptions): OperatorFunction<DocTermMatrix, TrainingEvent> {
  return (source) => source.pipe(concatMap((matrix) => trainNmf(matrix, options)));
}
