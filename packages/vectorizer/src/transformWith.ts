import { type DocTermMatrix, integerOption, knownOptions, type TokenizedDocument } from '@rivulet/core';
import { concat, concatMap, defer, EMPTY, type OperatorFunction, of } from 'rxjs';
import type { FittedVectorizer } from './FittedVectorizer.js';
import { STAGE } from './VectorizerOptions.js';

export interface TransformOptions {
  /** Single documents per emitted matrix (default 1: one single-row matrix per document). */
  readonly batchSize?: number;
}

/**
 * Transform mode: weights incoming documents with a fitted vectorizer's vocabulary and idf. The input is
 * single documents, gathered into matrices of `batchSize` rows (the rest in a shorter one when the source
 * completes), or batches (`TokenizedDocument[]`, e.g. from `@rivulet/sources`' `batches`), one matrix
 * each; pending single documents are emitted before a batch so rows keep the input order. Each matrix is
 * documents × vocabulary.length. Unknown terms are ignored, as in scikit-learn's `transform`.
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
 * @return one `DocTermMatrix` per batch; errors (bad options, malformed documents) on the error channel
 */
export function transformWith(
  fitted: FittedVectorizer,
  options?: TransformOptions,
): OperatorFunction<TokenizedDocument | readonly TokenizedDocument[], DocTermMatrix> {
  return (source) =>
    defer(() => {
      knownOptions(STAGE, options, ['batchSize']);
      const batchSize = integerOption(STAGE, 'batchSize', options?.batchSize ?? 1, { min: 1 });
      let pending: TokenizedDocument[] = [];
      const flush = (out: DocTermMatrix[]) => {
        if (pending.length === 0) return out;
        const batch = pending;
        pending = [];
        out.push(fitted.transform(batch));
        return out;
      };
      return concat(
        source.pipe(
          concatMap((item) => {
            if (Array.isArray(item)) {
              const out = flush([]);
              out.push(fitted.transform(item as readonly TokenizedDocument[]));
              return out;
            }
            pending.push(item as TokenizedDocument);
            return pending.length >= batchSize ? flush([]) : EMPTY;
          }),
        ),
        defer(() => of(...flush([]))),
      );
    });
}
