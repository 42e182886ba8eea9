import {
  type DocTermMatrix,
  definePlugin,
  type FactorState,
  factorState,
  type TrainingEvent,
} from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { nmfWithSolver } from './NmfDecomposer.js';
import { type NmfModuleOptions, nmfTransformWith } from './nmfMuModule.js';
import { NMF_OPTION_SCHEMA } from './nmfOptionSchema.js';

/**
 * The plugin `nmf-cd` (role `decomposer`): makes {@link nmf} with `solver: 'cd'` and these options the
 * active `DECOMPOSER` (validated when a matrix arrives, through the stream's error channel). Capabilities:
 * runs on the training loop, non-negative factors, state H, `transform` by `transformNmf`, worker.
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { nmfCdModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([nmfCdModule({ components: 3 })]).get(DECOMPOSER);
 * ```
 */
export const nmfCdModule = definePlugin<
  NmfModuleOptions,
  DocTermMatrix,
  TrainingEvent,
  FactorState,
  CsrMatrix | DocTermMatrix,
  DenseMatrix
>({
  role: 'decomposer',
  name: 'nmf-cd',
  description:
    'NMF by coordinate descent (Hsieh & Dhillon 2011), Frobenius loss, as scikit-learn solver="cd"',
  options: NMF_OPTION_SCHEMA,
  stage: (options) => nmfWithSolver(options, 'cd'),
  capabilities: {
    trainingLoop: true,
    nonNegative: true,
    state: factorState,
    transform: nmfTransformWith('cd'),
    worker: { module: import.meta.url, export: 'nmfCdModule' },
  },
});
