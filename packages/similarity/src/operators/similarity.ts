import { describeValue, type ResultEvent, RivuletError, type SimilarityIndex } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { defer, map, type OperatorFunction } from 'rxjs';
import { checkSimilarityOptions } from '../internal/checkSimilarityOptions.js';
import { indexMatrix } from '../internal/indexMatrix.js';
import type { PairwiseOptions } from '../pairwiseCosine.js';

/** Options of the {@link similarity} operator, the `Similarity` stage and `similarityModule`. */
export interface SimilarityOptions extends PairwiseOptions {
  /** One id per row (per document), reported in neighbours; must match the number of rows of each input. */
  readonly ids?: readonly string[];
  /**
   * How to index the rows (default: the exact {@link similarityIndex}, with `maxBytes`): e.g. an
   * approximate index such as `@rivulet/similarity-usearch`'s `usearchIndex`, behind the same interface.
   */
  readonly index?: (rows: DenseMatrix, ids: readonly string[] | undefined) => SimilarityIndex;
}

/**
 * Turns each training result (its W: documents × components) or dense matrix of rows into a cosine
 * {@link SimilarityIndex}, one index per input, in order.
 *
 * Anything else — an epoch event, a sparse matrix, a non-finite value, ids of the wrong length — errors the
 * stream with an `invalid-input` RivuletError; bad options error it with `invalid-option` on subscription.
 *
 * @example
 * ```ts
 * import { isEvent } from '@rivulet/core';
 * import { similarity } from '@rivulet/similarity';
 * import { filter } from 'rxjs';
 * const index$ = training$.pipe(filter(isEvent('result')), similarity({ ids }));
 * index$.subscribe((index) => console.log(index.topK(0, 3)));
 * ```
 * @param options `ids` naming the rows, `maxBytes` bounding `pairwise()`, `index` building another kind of
 *   index
 */
export function similarity(
  options?: SimilarityOptions,
): OperatorFunction<ResultEvent | DenseMatrix, SimilarityIndex> {
  return (source) =>
    defer(() => {
      checkSimilarityOptions('similarity', options);
      const maxBytes = options?.maxBytes;
      const indexOptions = maxBytes === undefined ? undefined : { maxBytes };
      return source.pipe(
        map((input) =>
          options?.index === undefined
            ? indexMatrix('similarity', rowsOf(input), options?.ids, indexOptions)
            : options.index(rowsOf(input) as DenseMatrix, options.ids),
        ),
      );
    });
}

/** The rows to index: W of a result event, or the matrix itself. */
function rowsOf(input: unknown): unknown {
  if (typeof input === 'object' && input !== null && 'type' in input) {
    const event = input as { type: unknown; W?: unknown };
    if (event.type === 'result') return event.W;
    throw new RivuletError(
      'invalid-input',
      'similarity',
      `input must be a result event (its W is indexed) or a DenseMatrix, got a ${describeValue(event.type)} event; keep only results with filter(isEvent('result'))`,
      { parameter: 'input' },
    );
  }
  if (
    typeof input === 'object' &&
    input !== null &&
    'data' in input &&
    (input as { data: unknown }).data instanceof Float64Array
  ) {
    return input;
  }
  throw new RivuletError(
    'invalid-input',
    'similarity',
    `input must be a result event (its W is indexed) or a DenseMatrix, got ${describeValue(input)}`,
    { parameter: 'input' },
  );
}
