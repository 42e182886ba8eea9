import type { Document, SpanTokenizer, TokenizedDocument } from '@rivulet/core';
import { defer, map, type Observable, type OperatorFunction, reduce } from 'rxjs';
import type { FittedDocTermMatrix } from './fitCounts.js';
import { fitIncrementally, type IncrementalFit } from './fitIncrementally.js';
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
  return (source) => fitStream(source, options, (fit, doc) => fit.add(doc));
}

/**
 * {@link vectorize} over documents that a span tokenizer (a tokenizer plugin's `tokenSpans` capability)
 * tokenizes as they are counted: the same matrix as `documents.pipe(<that tokenizer's stage>,
 * vectorize(options))`, without a string per token or an array per document. This is the vectorizer
 * plugin's `fitSpans` capability, which `TopicModel.vectorize` uses when no token filter stands between
 * the two. The tokenizer's errors arrive through the error channel, as the stage's would.
 *
 * @example
 * ```ts
 * import { fitSpans } from '@rivulet/vectorizer';
 * import { of } from 'rxjs';
 * // a tokenizer of words between spaces, by span
 * const words = (doc, index, sink) => {
 *   let start = 0;
 *   for (let i = 0; i <= doc.text.length; i++) {
 *     if (i === doc.text.length || doc.text[i] === ' ') {
 *       if (i > start) sink.token(doc.text, start, i);
 *       start = i + 1;
 *     }
 *   }
 *   return doc.id;
 * };
 * fitSpans(of({ id: 'a', text: 'red fox' }, { id: 'b', text: 'red hen' }), words, { weighting: 'count' })
 *   .subscribe(({ vocabulary }) => console.log(vocabulary)); // ['fox', 'hen', 'red']
 * ```
 */
export function fitSpans(
  documents: Observable<Document>,
  tokenizer: SpanTokenizer,
  options?: VectorizerOptions,
): Observable<FittedDocTermMatrix> {
  return fitStream(documents, options, (fit, doc) => fit.addSpans(doc, tokenizer));
}

/** One fit per subscription, fed by `add` for each item, finished when the source completes. */
function fitStream<T>(
  source: Observable<T>,
  options: VectorizerOptions | undefined,
  add: (fit: IncrementalFit, item: T) => void,
): Observable<FittedDocTermMatrix> {
  return defer(() => {
    const fit = fitIncrementally(options);
    return source.pipe(
      reduce((f, item) => {
        add(f, item);
        return f;
      }, fit),
      map((f) => f.finish()),
    );
  });
}
