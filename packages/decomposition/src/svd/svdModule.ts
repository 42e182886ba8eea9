import {
  type DocTermMatrix,
  definePlugin,
  type FactorState,
  factorState,
  type OptionsSchema,
  type TrainingEvent,
} from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { TRAINING_LOOP_OPTION_SCHEMA } from '../nmfOptionSchema.js';
import type { SvdOptions } from './SvdOptions.js';
import { transformSvd } from './transformSvd.js';
import { truncatedSvd } from './truncatedSvd.js';

/** The SVD decomposer's options, described for tools. */
export const SVD_OPTION_SCHEMA: OptionsSchema<SvdOptions> = {
  components: { type: 'integer', min: 1, required: true, description: 'components kept (n_components)' },
  nIter: { type: 'integer', min: 0, default: 5, description: 'power iterations (n_iter); each is one epoch' },
  oversamples: {
    type: 'integer',
    min: 0,
    default: 10,
    description: 'extra random directions (n_oversamples)',
  },
  seed: {
    type: 'integer',
    min: 0,
    max: 0xffffffff,
    default: 0,
    description: 'seed of the Gaussian test matrix',
  },
  ...TRAINING_LOOP_OPTION_SCHEMA,
};

/**
 * The plugin `svd` (role `decomposer`): makes {@link truncatedSvd} with `options` the active
 * `DECOMPOSER` (validated when a matrix arrives, through the stream's error channel). Loading it after an
 * NMF module swaps the decomposer without touching the pipeline code. Capabilities: runs on the training
 * loop, state H, `transform` X·Hᵀ ({@link transformSvd}); its factors may be negative.
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { svdModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([svdModule({ components: 100 })]).get(DECOMPOSER);
 * ```
 */
export const svdModule = definePlugin<
  SvdOptions,
  DocTermMatrix,
  TrainingEvent,
  FactorState,
  CsrMatrix | DocTermMatrix,
  DenseMatrix
>({
  role: 'decomposer',
  name: 'svd',
  description:
    'Truncated SVD / LSA by randomized power iterations (Halko et al. 2011), as scikit-learn TruncatedSVD',
  options: SVD_OPTION_SCHEMA,
  stage: (options) => truncatedSvd(options),
  capabilities: {
    trainingLoop: true,
    state: factorState,
    transform: (state, rows) => transformSvd(rows, state.H),
    worker: { module: import.meta.url, export: 'svdModule' },
  },
});
