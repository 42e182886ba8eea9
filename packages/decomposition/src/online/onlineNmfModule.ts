import {
  type DocTermMatrix,
  definePlugin,
  type FactorState,
  factorState,
  type OptionsSchema,
  type TrainingEvent,
} from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { nmfTransformWith } from '../nmfMuModule.js';
import { NMF_OPTION_SCHEMA, TRAINING_LOOP_OPTION_SCHEMA } from '../nmfOptionSchema.js';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';
import { onlineNmf } from './onlineNmfOperator.js';

/** Online NMF's options, described for tools. */
export const ONLINE_NMF_OPTION_SCHEMA: OptionsSchema<OnlineNmfOptions> = {
  components: NMF_OPTION_SCHEMA.components,
  betaLoss: { ...NMF_OPTION_SCHEMA.betaLoss, description: 'the β-divergence minimised, by name or β' },
  alphaW: NMF_OPTION_SCHEMA.alphaW,
  alphaH: NMF_OPTION_SCHEMA.alphaH,
  l1Ratio: NMF_OPTION_SCHEMA.l1Ratio,
  batchSize: { type: 'integer', min: 1, default: 1024, description: 'rows per step' },
  forgetFactor: {
    type: 'number',
    min: 0,
    max: 1,
    default: 0.7,
    description: "weight of the past in H's statistics",
  },
  freshRestarts: { type: 'boolean', default: false, description: 'solve W from scratch for every batch' },
  freshRestartsMaxIter: { type: 'integer', min: 1, default: 30, description: 'iterations of that solve' },
  transformMaxIter: {
    type: 'integer',
    min: 1,
    default: 'maxEpochs',
    description: 'iterations of the W solve of transform',
  },
  maxNoImprovement: {
    type: 'integer',
    min: 1,
    values: [null],
    default: 10,
    description: 'steps without a new smoothed-cost minimum before stopping (null: never)',
  },
  tol: {
    type: 'number',
    min: 0,
    default: 1e-4,
    description: 'stop when ‖ΔH‖/‖H‖ ≤ tol; also the W solves’ tolerance',
  },
  maxEpochs: {
    type: 'integer',
    min: 1,
    default: 200,
    description: 'passes over a finite matrix (streams ignore it)',
  },
  init: {
    type: 'object',
    values: ['random'],
    default: 'random',
    description: "'random' or a given { H, W? } (code only)",
  },
  seed: NMF_OPTION_SCHEMA.seed,
  snapshotEvery: {
    type: 'integer',
    min: 0,
    default: 10,
    description: 'emit a snapshot of H every this many steps (0: never)',
  },
  ...TRAINING_LOOP_OPTION_SCHEMA,
};

/**
 * Plugin module of online NMF: registers decomposer `nmf-online` and makes {@link onlineNmf} with these
 * options the active decomposer. Capabilities: training-loop controls (`sliceMs`, `stop`, `scheduler`,
 * `maxEpochs`), non-negative factors, state H, `transform` by `transformNmf`, worker.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { onlineNmfModule } from '@rivulet/decomposition';
 * const rivulet = createContainer([onlineNmfModule({ components: 20, batchSize: 512 })]);
 * ```
 */
export const onlineNmfModule = definePlugin<
  OnlineNmfOptions,
  DocTermMatrix,
  TrainingEvent,
  FactorState,
  CsrMatrix | DocTermMatrix,
  DenseMatrix
>({
  role: 'decomposer',
  name: 'nmf-online',
  description: 'online mini-batch NMF (scikit-learn MiniBatchNMF): streams of batches, bounded memory',
  options: ONLINE_NMF_OPTION_SCHEMA,
  stage: (options) => onlineNmf(options),
  capabilities: {
    trainingLoop: true,
    nonNegative: true,
    state: factorState,
    transform: (state, rows, options) =>
      nmfTransformWith('mu')(state, rows, {
        components: options.components,
        betaLoss: options.betaLoss,
        maxEpochs: options.transformMaxIter ?? options.maxEpochs,
        tol: options.tol,
        alphaW: options.alphaW,
        alphaH: options.alphaH,
        l1Ratio: options.l1Ratio,
      }),
    worker: { module: import.meta.url, export: 'onlineNmfModule' },
  },
});
