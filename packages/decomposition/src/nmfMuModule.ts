import {
  type DocTermMatrix,
  definePlugin,
  type FactorState,
  factorState,
  type TrainingEvent,
} from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { nmfWithSolver } from './NmfDecomposer.js';
import type { NmfOptions } from './NmfOptions.js';
import { NMF_OPTION_SCHEMA } from './nmfOptionSchema.js';
import { transformNmf } from './transformNmf.js';

/** NMF options for a plugin module: the solver is the module's. */
export type NmfModuleOptions = Omit<NmfOptions, 'solver'>;

/** W for new rows with the topics H fixed, by `solver`, with the training options that apply to it. */
export function nmfTransformWith(
  solver: 'mu' | 'cd',
): (state: FactorState, rows: CsrMatrix | DocTermMatrix, options: NmfModuleOptions) => DenseMatrix {
  return (state, rows, options) => {
    const { betaLoss, maxEpochs, tol, alphaW, alphaH, l1Ratio, shuffle, seed } = options ?? {};
    const picked = { betaLoss, maxEpochs, tol, alphaW, alphaH, l1Ratio, shuffle, seed };
    const defined = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
    return transformNmf(rows, state.H, { ...defined, solver });
  };
}

/**
 * The plugin `nmf-mu` (role `decomposer`): makes {@link nmf} with `solver: 'mu'` and these options the
 * active `DECOMPOSER` (validated when a matrix arrives, through the stream's error channel). Capabilities:
 * runs on the training loop, non-negative factors, state H, `transform` by `transformNmf`, worker.
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { nmfMuModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([nmfMuModule({ components: 3 })]).get(DECOMPOSER);
 * ```
 */
export const nmfMuModule = definePlugin<
  NmfModuleOptions,
  DocTermMatrix,
  TrainingEvent,
  FactorState,
  CsrMatrix | DocTermMatrix,
  DenseMatrix
>({
  role: 'decomposer',
  name: 'nmf-mu',
  description:
    'NMF by multiplicative updates (Lee & Seung 2001), any β-divergence, as scikit-learn solver="mu"',
  options: NMF_OPTION_SCHEMA,
  stage: (options) => nmfWithSolver(options, 'mu'),
  capabilities: {
    trainingLoop: true,
    nonNegative: true,
    state: factorState,
    transform: nmfTransformWith('mu'),
    worker: { module: import.meta.url, export: 'nmfMuModule' },
  },
});
