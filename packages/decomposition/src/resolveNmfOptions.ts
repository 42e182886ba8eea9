import {
  booleanOption,
  integerOption,
  invalidOption,
  knownOptions,
  numberOption,
  oneOfOption,
} from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import type { NmfOptions } from './NmfOptions.js';
import type { NmfSettings } from './NmfSettings.js';

const KNOWN = [
  'components',
  'solver',
  'betaLoss',
  'init',
  'maxEpochs',
  'tol',
  'seed',
  'alphaW',
  'alphaH',
  'l1Ratio',
  'shuffle',
  'scheduler',
  'sliceMs',
  'snapshotEvery',
  'stop',
  'worker',
  'dtype',
] as const;

const BETA_NAMES = { frobenius: 2, 'kullback-leibler': 1, 'itakura-saito': 0 } as const;

/**
 * Checks NMF options that do not depend on the matrix (the bound on `components` and the custom init's
 * shapes are checked against the matrix by the session) and fills in defaults, as scikit-learn 1.2's
 * `NMF._check_params` and parameter constraints.
 * @throws RivuletError `invalid-option` naming the option, the value and what is allowed.
 */
export function resolveNmfOptions(options: NmfOptions, stage = 'nmf'): NmfSettings {
  if (options === undefined || options === null) {
    invalidOption(stage, 'options', 'an object with at least { components }', options);
  }
  knownOptions(stage, options, KNOWN);
  const components = integerOption(stage, 'components', options.components, { min: 1 });
  const solver = oneOfOption(stage, 'solver', options.solver ?? 'mu', ['mu', 'cd'] as const);
  const betaLoss = options.betaLoss ?? 'frobenius';
  let beta: number;
  if (typeof betaLoss === 'string' && Object.hasOwn(BETA_NAMES, betaLoss)) {
    beta = BETA_NAMES[betaLoss as keyof typeof BETA_NAMES];
  } else if (typeof betaLoss === 'number' && Number.isFinite(betaLoss)) {
    beta = betaLoss;
  } else {
    invalidOption(
      stage,
      'betaLoss',
      `one of "frobenius", "kullback-leibler", "itakura-saito" or a finite number`,
      betaLoss,
    );
  }
  if (solver === 'cd' && beta !== 2) {
    invalidOption(
      stage,
      'betaLoss',
      `"frobenius" (2) with solver "cd" (only "mu" handles other β-divergences)`,
      betaLoss,
    );
  }
  const init = options.init;
  if (init !== undefined && typeof init !== 'string') {
    if (init === null || typeof init !== 'object' || !DenseMatrix.is(init.W) || !DenseMatrix.is(init.H)) {
      invalidOption(
        stage,
        'init',
        '"random", "nndsvd", "nndsvda", "nndsvdar" or { W: DenseMatrix, H: DenseMatrix }',
        init,
      );
    }
  } else if (init !== undefined) {
    oneOfOption(stage, 'init', init, ['random', 'nndsvd', 'nndsvda', 'nndsvdar']);
  }
  const maxEpochs = integerOption(stage, 'maxEpochs', options.maxEpochs ?? 200, { min: 1 });
  const tol = numberOption(stage, 'tol', options.tol ?? 1e-4, { min: 0 });
  const seed = integerOption(stage, 'seed', options.seed ?? 0, { min: 0, max: 0xffffffff });
  const alphaW = numberOption(stage, 'alphaW', options.alphaW ?? 0, { min: 0 });
  const alphaHOption = options.alphaH ?? 'same';
  const alphaH =
    alphaHOption === 'same'
      ? alphaW
      : numberOption(stage, 'alphaH', alphaHOption, { min: 0, label: '[0, ∞) or "same"' });
  const l1Ratio = numberOption(stage, 'l1Ratio', options.l1Ratio ?? 0, { min: 0, max: 1 });
  const shuffle = booleanOption(stage, 'shuffle', options.shuffle ?? false);
  const dtype = oneOfOption(stage, 'dtype', options.dtype ?? 'float64', ['float64', 'float32'] as const);
  if (booleanOption(stage, 'worker', options.worker ?? false) && options.scheduler !== undefined) {
    invalidOption(
      stage,
      'scheduler',
      'undefined with worker: true (a scheduler cannot cross threads)',
      options.scheduler,
    );
  }
  if (shuffle && solver !== 'cd')
    invalidOption(stage, 'shuffle', 'false with solver "mu" (a CD option)', shuffle);
  return {
    components,
    solver,
    beta,
    init,
    maxEpochs,
    tol,
    seed,
    alphaW,
    alphaH,
    l1Ratio,
    shuffle,
    dtype,
    scheduler: options.scheduler,
    sliceMs: options.sliceMs,
    snapshotEvery: options.snapshotEvery,
    stop: options.stop,
  };
}
