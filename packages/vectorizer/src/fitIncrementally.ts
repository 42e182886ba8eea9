import { type Document, RivuletError, type SpanTokenizer, type TokenizedDocument } from '@rivulet/core';
import { CountAccumulator } from './CountAccumulator.js';
import { type FittedDocTermMatrix, fitCounts } from './fitCounts.js';
import { resolveOptions, STAGE, type VectorizerOptions } from './VectorizerOptions.js';

/** A fit in progress: documents are counted as they are added, and only the counts are kept. */
export interface IncrementalFit {
  /** Counts one document into the next row; its token array may be dropped as soon as this returns. */
  add(doc: TokenizedDocument): void;
  /**
   * Counts one document into the next row, tokenized by a span tokenizer (a tokenizer plugin's
   * `tokenSpans` capability), which hands its tokens over without a token array: the row `add` would
   * count for the tokens that tokenizer's stage emits.
   */
  addSpans(doc: Document, tokenizer: SpanTokenizer): void;
  /** Documents added so far. */
  readonly documents: number;
  /**
   * Prunes, sorts the vocabulary and weights: the fitted matrix of every document added, as
   * {@link fitTransform} returns it. Call once; the fit cannot be added to afterwards.
   */
  finish(): FittedDocTermMatrix;
}

/**
 * Starts a fit that is fed one document at a time — from a callback-driven reader, say — and finished
 * once: the same matrix as {@link fitTransform} over the same documents, without ever holding them. This
 * is what keeps a command's memory to the counts (a growing CSR matrix and the vocabulary) rather than
 * every document's tokens. The options are checked here, before any document is read.
 *
 * @example
 * ```ts
 * import { fitIncrementally } from '@rivulet/vectorizer';
 * const fit = fitIncrementally({ weighting: 'count' });
 * fit.add({ id: 'a', tokens: ['red', 'fox'] });
 * fit.add({ id: 'b', tokens: ['red'] });
 * fit.finish().matrix.toDense().data; // [1, 1, 0, 1]
 * ```
 * @throws RivuletError `invalid-option` (here), `invalid-input` (from `add`), `empty-input` (from
 *   `finish`); see the package README.
 */
export function fitIncrementally(options?: VectorizerOptions): IncrementalFit {
  const resolved = resolveOptions(options);
  const acc = new CountAccumulator();
  let finished = false;
  return {
    add(doc) {
      if (finished) throw used('add');
      acc.add(doc);
    },
    addSpans(doc, tokenizer) {
      if (finished) throw used('addSpans');
      acc.addSpans(doc, tokenizer);
    },
    get documents() {
      return acc.documents;
    },
    finish() {
      if (finished) throw used('finish');
      finished = true;
      try {
        return fitCounts(acc, resolved);
      } finally {
        // The matrix has its own arrays: the counts' memory goes back now, not at some later collection.
        acc.release();
      }
    },
  };
}

/** A fit is finished once: its matrix is made, and its counts are the caller's to drop. */
function used(call: 'add' | 'addSpans' | 'finish'): RivuletError {
  return new RivuletError(
    'invalid-input',
    STAGE,
    `fitIncrementally: ${call}() after finish(); a finished fit takes no more documents, start a new one`,
    { parameter: call },
  );
}
