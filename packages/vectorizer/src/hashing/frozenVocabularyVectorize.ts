import { type DocTermMatrix, integerOption, type TokenizedDocument } from '@rivulet/core';
import { Observable, type OperatorFunction } from 'rxjs';
import type { FittedVectorizer } from '../FittedVectorizer.js';
import { fitVectorizer } from '../fitVectorizer.js';
import { resolveOptions, type VectorizerOptions } from '../VectorizerOptions.js';

/** Options of {@link frozenVocabularyVectorize}: the vectorizer's own plus the warm-up window. */
export interface FrozenVocabularyOptions extends VectorizerOptions {
  /** Documents the vocabulary (and idf) is learnt from before it freezes: an integer ≥ 1. */
  readonly warmupDocuments: number;
  /** Single documents per emitted matrix (default 1000). */
  readonly batchSize?: number;
}

const STAGE = 'frozenVocabularyVectorize';

/**
 * Streaming vectorization with a vocabulary frozen after a warm-up window: the first `warmupDocuments`
 * documents are held back, a vectorizer is fitted on them (`fitVectorizer`: vocabulary, idf, pruning as
 * scikit-learn's), and from then on every document — the warm-up ones first — is transformed with it, in
 * matrices of `batchSize` rows (an incoming array is one matrix). Every matrix has the same columns, so an
 * online decomposer can consume them. A stream shorter than the window is fitted on what arrived.
 *
 * Trade-off against {@link hashingVectorize}: columns are real terms (exact names, no collisions, idf
 * weighting), but a term first seen after the warm-up is dropped from every later document; hashing keeps
 * every term at the price of collisions and needs a reverse map to name its columns.
 *
 * @example
 * ```ts
 * import { frozenVocabularyVectorize } from '@rivulet/vectorizer';
 * tokenized$.pipe(frozenVocabularyVectorize({ warmupDocuments: 5000, minDf: 2, batchSize: 512 }));
 * ```
 */
export function frozenVocabularyVectorize(
  options: FrozenVocabularyOptions,
): OperatorFunction<TokenizedDocument | readonly TokenizedDocument[], DocTermMatrix> {
  return (source) =>
    new Observable<DocTermMatrix>((subscriber) => {
      const {
        warmupDocuments,
        batchSize: size,
        ...vectorizerOptions
      } = options ?? ({} as FrozenVocabularyOptions);
      const warmup = integerOption(STAGE, 'warmupDocuments', warmupDocuments, { min: 1 });
      const batchSize = integerOption(STAGE, 'batchSize', size ?? 1000, { min: 1 });
      resolveOptions(vectorizerOptions);
      let fitted: FittedVectorizer | undefined;
      let pending: TokenizedDocument[] = [];
      const emit = (docs: readonly TokenizedDocument[]) => {
        if (docs.length > 0) subscriber.next((fitted as FittedVectorizer).transform(docs));
      };
      const freeze = () => {
        fitted = fitVectorizer(pending, vectorizerOptions);
        const held = pending;
        pending = [];
        for (let start = 0; start < held.length; start += batchSize)
          emit(held.slice(start, start + batchSize));
      };
      return source.subscribe({
        next(item) {
          try {
            const docs = Array.isArray(item)
              ? (item as readonly TokenizedDocument[])
              : [item as TokenizedDocument];
            if (fitted === undefined) {
              pending.push(...docs);
              if (pending.length >= warmup) freeze();
            } else if (Array.isArray(item)) {
              emit(pending.splice(0));
              emit(docs);
            } else {
              pending.push(docs[0]);
              if (pending.length >= batchSize) emit(pending.splice(0));
            }
          } catch (error) {
            subscriber.error(error);
          }
        },
        error(error) {
          subscriber.error(error);
        },
        complete() {
          try {
            if (fitted === undefined) {
              if (pending.length > 0) freeze();
            } else emit(pending.splice(0));
            subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
    });
}
