import { definePlugin, type OptionsSchema, type ResultEvent, type SimilarityIndex } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { similarity } from '@rivulet/similarity';
import { defer, type OperatorFunction } from 'rxjs';
import { type UsearchIndexOptions, usearchIndex, usearchSettings } from './usearchIndex.js';

/** Options of {@link usearchSimilarity} and {@link usearchSimilarityModule}: the index's, and row ids. */
export interface UsearchSimilarityOptions extends UsearchIndexOptions {
  /** One id per row (per document), reported in neighbours. */
  readonly ids?: readonly string[];
}

/**
 * `@rivulet/similarity`'s `similarity` operator with an approximate index: each training result (its W)
 * or dense matrix of rows becomes a {@link usearchIndex}, one index per input. Bad options error the
 * stream with `invalid-option` on subscription.
 *
 * @example
 * ```ts
 * import { isEvent } from '@rivulet/core';
 * import { usearchSimilarity } from '@rivulet/similarity-usearch';
 * import { filter } from 'rxjs';
 * const index$ = training$.pipe(filter(isEvent('result')), usearchSimilarity({ ids }));
 * ```
 */
export function usearchSimilarity(
  options: UsearchSimilarityOptions = {},
): OperatorFunction<ResultEvent | DenseMatrix, SimilarityIndex> {
  return (source) =>
    defer(() => {
      usearchSettings('usearchSimilarity', options, ['ids']);
      const { ids, ...indexOptions } = options;
      return source.pipe(
        similarity({ ids, index: (rows, rowIds) => usearchIndex(rows, rowIds, indexOptions) }),
      );
    });
}

/** The usearch plugin's options, described for tools (`rivulet plugins`, `--help`). */
export const USEARCH_OPTION_SCHEMA: OptionsSchema<UsearchSimilarityOptions> = {
  ids: { type: 'string[]', codeOnly: true, description: 'one id per row, reported in neighbours' },
  connectivity: {
    type: 'integer',
    min: 2,
    max: 1024,
    default: 16,
    description: 'edges per node of the HNSW graph (M)',
  },
  expansionAdd: {
    type: 'integer',
    min: 1,
    default: 128,
    description: 'candidate list while building (efConstruction)',
  },
  expansionSearch: {
    type: 'integer',
    min: 1,
    default: 128,
    description: 'candidate list while searching (ef)',
  },
  quantization: {
    type: 'string',
    values: ['f64', 'f32', 'f16', 'bf16', 'i8'],
    default: 'f32',
    description: 'how the graph stores vectors (scores are recomputed in float64)',
  },
  oversample: {
    type: 'number',
    min: 1,
    max: 1000,
    default: 2,
    description: 'candidates per neighbour, rescored exactly',
  },
  threads: {
    type: 'integer',
    min: 1,
    max: 1024,
    default: 1,
    description: 'usearch threads; above 1 the graph varies between runs',
  },
  maxBytes: {
    type: 'integer',
    min: 1,
    default: 2 ** 30,
    description: 'largest pairwise matrix, in bytes, pairwise() may allocate',
  },
};

/**
 * The approximate similarity plugin: registers `usearch` (role `similarity`) and makes
 * {@link usearchSimilarity}, with `options`, the active `SIMILARITY` (loaded last wins, so loading it
 * after `similarityModule()` swaps the exact index for the approximate one). Options are checked when the
 * module is made.
 *
 * @example
 * ```ts
 * import { createContainer, SIMILARITY } from '@rivulet/core';
 * import { usearchSimilarityModule } from '@rivulet/similarity-usearch';
 * const stage = createContainer([usearchSimilarityModule({ expansionSearch: 256 })]).get(SIMILARITY);
 * stage.name; // 'usearch'
 * ```
 * @throws RivuletError `invalid-option` for an unknown or bad option
 */
export const usearchSimilarityModule = definePlugin<
  UsearchSimilarityOptions,
  ResultEvent | DenseMatrix,
  SimilarityIndex
>({
  role: 'similarity',
  name: 'usearch',
  description: 'approximate cosine top-k on an HNSW graph (usearch), exact scores, same index interface',
  options: USEARCH_OPTION_SCHEMA,
  validate: (options) => {
    usearchSettings('usearchSimilarityModule', options, ['ids']);
  },
  stage: (options) => usearchSimilarity(options),
});
