import { type DocTermMatrix, integerOption, knownOptions, type TokenizedDocument } from '@rivulet/core';
import { bufferCount, defer, map, type OperatorFunction } from 'rxjs';
import type { FittedVectorizer } from './FittedVectorizer.js';
import { STAGE } from './VectorizerOptions.js';

export interface TransformOptions {
  /** Documents per emitted matrix (default 1: one single-row matrix per document); the last may be short. */
  readonly batchSize?: number;
}

/**
 * Transform mode: weights incoming documents with a fitted vectorizer's vocabulary and idf, emitting a
 * matrix (batchSize × vocabulary.length) per `batchSize` documents, and a shorter one for the rest when
 * the source completes. Unknown terms are ignored, as in scikit-learn's `transform`.
 *
 * @example
 * ```ts
 * import { fitVectorizer, transformWith } from '@rivulet/vectorizer';
 * import { from } from 'rxjs';
 * const fitted = fitVectorizer([{ id: 'a', tokens: ['red', 'fox'] }, { id: 'b', tokens: ['red'] }]);
 * from([{ id: 'c', tokens: ['fox'] }, { id: 'd', tokens: ['owl'] }])
 *   .pipe(transformWith(fitted, { batchSize: 2 }))
 *   .subscribe(({ matrix, ids }) => console.log(ids, matrix.nnz)); // ['c', 'd'] 1
 * ```
 */
export function transformWith(
  fitted: FittedVectorizer,
  options?: TransformOptions,
): OperatorFunction<TokenizedDocument, DocTermMatrix> {
  return (source) =>
    defer(() => {
      knownOptions(STAGE, options, ['batchSize']);
      const batchSize = integerOption(STAGE, 'batchSize', options?.batchSize ?? 1, { min: 1 });
      return source.pipe(
        bufferCount(batchSize),
        map((batch) => fitted.transform(batch)),
      );
    });
}
