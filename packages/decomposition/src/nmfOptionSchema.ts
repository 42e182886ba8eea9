import type { OptionSpec, OptionsSchema } from '@rivulet/core';
import type { NmfModuleOptions } from './nmfMuModule.js';

/** The options every training-loop decomposer takes: `sliceMs`, `stop` and `scheduler`. */
export const TRAINING_LOOP_OPTION_SCHEMA = {
  sliceMs: {
    type: 'number',
    min: 0,
    default: 10,
    description: 'milliseconds of epochs between yields to the event loop',
  },
  stop: {
    type: ['object', 'function'],
    codeOnly: true,
    description: 'graceful stop: AbortSignal, Observable or stop rule (earlyStopping); ends with a result',
  },
  scheduler: {
    type: 'object',
    codeOnly: true,
    description:
      'RxJS scheduler of the loop (default yieldScheduler, a setImmediate macrotask; tests pass a TestScheduler)',
  },
} as const satisfies Record<string, OptionSpec>;

const betaLoss: OptionSpec = {
  type: 'number',
  values: ['frobenius', 'kullback-leibler', 'itakura-saito'],
  default: 'frobenius',
  description: 'the β-divergence minimised, by name or β (2 Frobenius, 1 KL, 0 IS)',
};

/** The options of `nmfMuModule` and `nmfCdModule` (NMF's without `solver`, which the module fixes). */
export const NMF_OPTION_SCHEMA: OptionsSchema<NmfModuleOptions> = {
  components: { type: 'integer', min: 1, required: true, description: 'number of topics k' },
  betaLoss: { ...betaLoss, description: `${betaLoss.description}; not Frobenius needs nmf-mu` },
  init: {
    type: 'object',
    values: ['random', 'nndsvd', 'nndsvda', 'nndsvdar'],
    default: "'nndsvda' when components ≤ min(rows, cols), else 'random'",
    description: 'how the factors start, or { W, H } given (code only)',
  },
  maxEpochs: {
    type: 'integer',
    min: 1,
    default: 200,
    description: 'epoch limit (reaching it is converged: false)',
  },
  tol: {
    type: 'number',
    min: 0,
    default: 1e-4,
    description: "convergence tolerance, in the solver's scikit-learn meaning",
  },
  seed: {
    type: 'integer',
    min: 0,
    max: 0xffffffff,
    default: 0,
    description: 'seed of the random start and of CD shuffling',
  },
  snapshotEvery: {
    type: 'integer',
    min: 1,
    description: 'emit a snapshot of H every N epochs (a live view shows topics forming); default none',
  },
  alphaW: { type: 'number', min: 0, default: 0, description: 'regularisation strength of W' },
  alphaH: {
    type: 'number',
    min: 0,
    values: ['same'],
    default: 'same',
    description: "regularisation strength of H ('same': alphaW)",
  },
  l1Ratio: { type: 'number', min: 0, max: 1, default: 0, description: 'share of L1 in the regularisation' },
  shuffle: { type: 'boolean', default: false, description: 'CD only: visit components in a random order' },
  worker: {
    type: 'boolean',
    default: false,
    description: 'train in a worker thread (same events, event loop free)',
  },
  dtype: {
    type: 'string',
    values: ['float64', 'float32'],
    default: 'float64',
    description: 'precision of the factors while training (float32: half the memory)',
  },
  ...TRAINING_LOOP_OPTION_SCHEMA,
};
