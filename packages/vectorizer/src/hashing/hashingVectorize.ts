import type { DocTermMatrix, TokenizedDocument } from '@rivulet/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { hashDocuments } from './hashDocuments.js';
import { type HashingVectorizerOptions, hashingSettings } from './hashingOptions.js';

/**
 * Streaming vectorization by the hashing trick, as scikit-learn's `HashingVectorizer` (Weinberger et al.
 * 2009, "Feature hashing for large scale multitask learning"): no vocabulary is learnt, so every batch is
 * vectorized on arrival into the same `nFeatures` columns and the stream can be unbounded.
 *
 * The input is either batches (`TokenizedDocument[]`, one matrix each) or single documents, gathered into
 * matrices of `batchSize` rows (the last one may be shorter). Each matrix is `documents × nFeatures`; its
 * `vocabulary` is a live view of the reverse map (`#<bucket>` where no term is known).
 *
 * For NMF, pass `alternateSign: false`: with signs, values are negative and NMF rejects them.
 *
 * @example
 * ```ts
 * import { hashingVectorize } from '@rivulet/vectorizer';
 * docs$.pipe(hashingVectorize({ nFeatures: 2 ** 18, alternateSign: false, batchSize: 512 }));
 * ```
 * @return one `DocTermMatrix` per batch; errors (bad options, malformed documents) on the error channel
 */
export function hashingVectorize(
  options: HashingVectorizerOptions = {},
): OperatorFunction<TokenizedDocument | readonly TokenizedDocument[], DocTermMatrix> {
  return (source) =>
    new Observable<DocTermMatrix>((subscriber) => {
      const settings = hashingSettings('hashingVectorize', options);
      let pending: TokenizedDocument[] = [];
      const flush = () => {
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        subscriber.next(hashDocuments('hashingVectorize', batch, settings));
      };
      return source.subscribe({
        next(item) {
          try {
            if (Array.isArray(item)) {
              flush();
              subscriber.next(
                hashDocuments('hashingVectorize', item as readonly TokenizedDocument[], settings),
              );
            } else {
              pending.push(item as TokenizedDocument);
              if (pending.length >= settings.batchSize) flush();
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
            flush();
            subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
    });
}
