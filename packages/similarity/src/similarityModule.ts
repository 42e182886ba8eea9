import { bindActive, PLUGINS, SIMILARITY } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { checkSimilarityOptions } from './internal/checkSimilarityOptions.js';
import type { SimilarityOptions } from './operators/similarity.js';
import { Similarity } from './Similarity.js';
import { SIMILARITY_OPTIONS } from './tokens.js';

/**
 * The cosine similarity plugin: registers `cosine` (role `similarity`) for discovery and binds the
 * {@link Similarity} stage, with `options`, as the active `SIMILARITY`.
 *
 * @example
 * ```ts
 * import { createContainer, SIMILARITY } from '@rivulet/core';
 * import { similarityModule } from '@rivulet/similarity';
 * const rivulet = createContainer([similarityModule({ maxBytes: 2 ** 28 })]);
 * rivulet.get(SIMILARITY).name; // 'cosine'
 * ```
 * @throws RivuletError `invalid-option` for an unknown or bad option
 */
export function similarityModule(options: SimilarityOptions = {}): ContainerModule {
  checkSimilarityOptions('similarityModule', options);
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue({
      role: 'similarity',
      name: 'cosine',
      description: 'cosine similarity of W rows: pairwise matrix and top-k neighbours',
      create: (overrides?: SimilarityOptions) => new Similarity(overrides ?? options),
    });
    const syntax = load.isBound(SIMILARITY_OPTIONS)
      ? load.rebind(SIMILARITY_OPTIONS)
      : load.bind(SIMILARITY_OPTIONS);
    syntax.toConstantValue(options);
    bindActive(load, SIMILARITY, Similarity);
  });
}
