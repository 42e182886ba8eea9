import type { DenseMatrix } from '@rivulet/linalg';
import { map, type OperatorFunction } from 'rxjs';
import type { NmfInput } from './toCsr.js';
import { type TransformNmfOptions, transformNmf } from './transformNmf.js';

/**
 * The operator form of {@link transformNmf}: each incoming matrix (a batch of new documents, vectorised
 * with the training vocabulary) becomes its W (rows × components) against the fixed topics `H`, so a
 * trained model scores a stream. Errors travel down the error channel.
 *
 * @example
 * ```ts
 * import { nmfTransform } from '@rivulet/decomposition';
 * batches$.pipe(nmfTransform(result.H)).subscribe((W) => console.log(W.rows));
 * ```
 */
export function nmfTransform(
  H: DenseMatrix,
  options: TransformNmfOptions = {},
): OperatorFunction<NmfInput, DenseMatrix> {
  return (source) => source.pipe(map((matrix) => transformNmf(matrix, H, options)));
}
