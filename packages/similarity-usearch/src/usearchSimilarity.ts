import {
  PLUGINS,
  type ResultEvent,
  SIMILARITY,
  type SimilarityIndex,
  type SimilarityStage,
} from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { similarity } from '@rivulet/similarity';
import { ContainerModule } from 'inversify';
import { defer, type Observable, type OperatorFunction } from 'rxjs';
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

/**
 * The approximate similarity plugin: registers `usearch` (role `similarity`) for discovery and binds a
 * stage running {@link usearchSimilarity} with `options` as the active `SIMILARITY` (loaded last wins,
 * so loading it after `similarityModule()` swaps the exact index for the approximate one).
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
export function usearchSimilarityModule(options: UsearchSimilarityOptions = {}): ContainerModule {
  usearchSettings('usearchSimilarityModule', options, ['ids']);
  const stage = (stageOptions: UsearchSimilarityOptions): SimilarityStage => ({
    name: 'usearch',
    apply: (source: Observable<ResultEvent | DenseMatrix>) => source.pipe(usearchSimilarity(stageOptions)),
  });
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue({
      role: 'similarity',
      name: 'usearch',
      description: 'approximate cosine top-k on an HNSW graph (usearch), exact scores, same index interface',
      create: (overrides?: UsearchSimilarityOptions) => stage({ ...options, ...overrides }),
    });
    const syntax = load.isBound(SIMILARITY) ? load.rebind(SIMILARITY) : load.bind(SIMILARITY);
    syntax.toConstantValue(stage(options));
  });
}
