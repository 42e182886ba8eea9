import type { TokenizedDocument } from '@rivulet/core';
import { defer, map, type OperatorFunction, reduce } from 'rxjs';
import type { FittedDocTermMatrix } from './fitCounts.js';
import { fitIncrementally } from './fitIncrementally.js';
import type { VectorizerOptions } from './VectorizerOptions.js';

/**
 * Fit mode: consumes the stream of tokenized documents to completion, counting each as it arrives (the
 * documents themselves are not kept), then emits one weighted document-term matrix (documents × terms,
 * rows in arrival order) with its vocabulary, ids, weighting state and the fitted vectorizer (`fitted`),
 * which transforms new documents the same way (see {@link transformWith}). Defaults are scikit-learn's
 * `TfidfVectorizer`: smooth idf, raw tf, l2-normalised rows; see {@link VectorizerOptions}.
 *
 * Options are validated on subscription; every error (`invalid-option`, `invalid-input`, `empty-input`)
 * arrives through the error channel. Document ids are not checked for uniqueness: rows follow the stream.
 *
 * @example
 * ```ts
 * import { vectorize } from '@rivulet/vectorizer';
 * import { of } from 'rxjs';
 * of({ id: 'a', tokens: ['red', 'fox'] }, { id: 'b', tokens: ['red', 'hen'] })
 *   .pipe(vectorize({ weighting: 'tfidf', minDf: 1 }))
 *   .subscribe(({ matrix, vocabulary }) => console.log(matrix.rows, vocabulary)); // 2 ['fox', 'hen', 'red']
 * ```
 */
export function vectorize(
  options?: VectorizerOptions,
): OperatorFunction<TokenizedDocument, FittedDocTermMatrix> {
  return (source) =>
    defer(() => {
      const fit = fitIncrementally(options);
      return source.pipe(
        reduce((f, doc) => {
          f.add(doc);
          return f;
        }, fit),
        map((f) => f.finish()),
      );
    });
}
