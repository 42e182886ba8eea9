import { definePlugin, type OptionsSchema, type ResultEvent, type SimilarityIndex } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { checkSimilarityOptions } from './internal/checkSimilarityOptions.js';
import { type SimilarityOptions, similarity } from './operators/similarity.js';

/** The similarity plugin's options, described for tools. */
export const SIMILARITY_OPTION_SCHEMA: OptionsSchema<SimilarityOptions> = {
  ids: { type: 'string[]', codeOnly: true, description: 'one id per row, reported in neighbours' },
  maxBytes: {
    type: 'integer',
    min: 1,
    default: 2 ** 30,
    description: 'largest pairwise matrix, in bytes, pairwise() may allocate',
  },
  index: {
    type: 'function',
    codeOnly: true,
    description: '(rows, ids) => SimilarityIndex: another kind of index (default: the exact one)',
  },
};

/**
 * The cosine similarity plugin: registers `cosine` (role `similarity`) for discovery and makes the
 * {@link similarity} operator, with `options`, the active `SIMILARITY`. Options are checked when the
 * module is made.
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
export const similarityModule = definePlugin<SimilarityOptions, ResultEvent | DenseMatrix, SimilarityIndex>({
  role: 'similarity',
  name: 'cosine',
  description: 'cosine similarity of W rows: pairwise matrix and top-k neighbours',
  options: SIMILARITY_OPTION_SCHEMA,
  validate: (options) => checkSimilarityOptions('similarityModule', options),
  stage: (options) => similarity(options),
});
