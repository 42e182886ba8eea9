import type { ResultEvent, SimilarityIndex, SimilarityStage } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { inject, injectable, optional } from 'inversify';
import type { Observable } from 'rxjs';
import { type SimilarityOptions, similarity } from './operators/similarity.js';
import { SIMILARITY_OPTIONS } from './tokens.js';

/**
 * The cosine similarity stage (plugin `cosine`, role `similarity`): the {@link similarity} operator with
 * the options its module bound.
 *
 * @example
 * ```ts
 * import { createContainer, SIMILARITY } from '@rivulet/core';
 * import { similarityModule } from '@rivulet/similarity';
 * const stage = createContainer([similarityModule()]).get(SIMILARITY);
 * stage.apply(results$).subscribe((index) => console.log(index.topK(0, 3)));
 * ```
 */
@injectable()
export class Similarity implements SimilarityStage {
  readonly name = 'cosine';
  private readonly options: SimilarityOptions | undefined;

  constructor(@inject(SIMILARITY_OPTIONS) @optional() options?: SimilarityOptions) {
    this.options = options;
  }

  apply(source: Observable<ResultEvent | DenseMatrix>): Observable<SimilarityIndex> {
    return source.pipe(similarity(this.options));
  }
}
