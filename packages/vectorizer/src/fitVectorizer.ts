import { describeValue, RivuletError, type TokenizedDocument } from '@rivulet/core';
import type { FittedVectorizer } from './FittedVectorizer.js';
import type { FittedDocTermMatrix } from './fitCounts.js';
import { fitIncrementally } from './fitIncrementally.js';
import type { VectorizerOptions } from './VectorizerOptions.js';

/**
 * Learns a vocabulary (and, for TF-IDF, the idf of each term) from `docs` and returns the weighted
 * document-term matrix of those documents (documents × terms), carrying the fitted vectorizer as `fitted`.
 * The synchronous counterpart of {@link vectorize}; scikit-learn's `fit_transform`.
 *
 * @example
 * ```ts
 * import { fitTransform } from '@rivulet/vectorizer';
 * const { matrix, vocabulary } = fitTransform([{ id: 'a', tokens: ['red', 'fox'] }, { id: 'b', tokens: ['red'] }]);
 * vocabulary; // ['fox', 'red']
 * ```
 * @throws RivuletError `invalid-option`, `invalid-input` or `empty-input` (see the package README).
 */
export function fitTransform(
  docs: Iterable<TokenizedDocument>,
  options?: VectorizerOptions,
): FittedDocTermMatrix {
  const fit = fitIncrementally(options);
  if (docs === null || typeof (docs as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    throw new RivuletError(
      'invalid-input',
      'vectorize',
      `docs must be an iterable of { id, tokens } documents, got ${describeValue(docs)}`,
      { parameter: 'docs' },
    );
  }
  for (const doc of docs) fit.add(doc);
  return fit.finish();
}

/**
 * Learns a vocabulary and weighting from `docs` (synchronously) and returns the fitted vectorizer, which
 * then transforms any documents with them; scikit-learn's `fit`.
 *
 * @example
 * ```ts
 * import { fitVectorizer } from '@rivulet/vectorizer';
 * const fitted = fitVectorizer([{ id: 'a', tokens: ['red', 'fox'] }, { id: 'b', tokens: ['red'] }]);
 * fitted.transform([{ id: 'c', tokens: ['fox'] }]).matrix.toDense().data; // [1, 0]
 * ```
 * @throws RivuletError `invalid-option`, `invalid-input` or `empty-input` (see the package README).
 */
export function fitVectorizer(
  docs: Iterable<TokenizedDocument>,
  options?: VectorizerOptions,
): FittedVectorizer {
  return fitTransform(docs, options).fitted;
}
