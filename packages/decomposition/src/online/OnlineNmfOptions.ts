import {
  booleanOption,
  integerOption,
  invalidOption,
  isStopOption,
  knownOptions,
  numberOption,
  type StopOption,
} from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import type { SchedulerLike } from 'rxjs';

/** A given start: `H` components × terms, and for a finite matrix `W` documents × components. */
export interface OnlineNmfInit {
  readonly W?: DenseMatrix;
  readonly H: DenseMatrix;
}

/**
 * Options of online (mini-batch) NMF, named after scikit-learn 1.2's `MiniBatchNMF` where they mean the
 * same thing.
 */
export interface OnlineNmfOptions {
  /** Number of topics k: a positive integer. */
  readonly components: number;
  /**
   * The β-divergence minimised (default `'frobenius'`, β = 2; `'kullback-leibler'` β = 1,
   * `'itakura-saito'` β = 0, or β itself). β ≤ 0 needs data without zeros, as scikit-learn.
   */
  readonly betaLoss?: 'frobenius' | 'kullback-leibler' | 'itakura-saito' | number;
  /** Regularisation strength of W (default 0), scaled by the number of terms as scikit-learn. */
  readonly alphaW?: number;
  /** Regularisation strength of H (default `'same'`: alphaW), scaled by the batch's rows. */
  readonly alphaH?: number | 'same';
  /** Share of L1 in the regularisation, in [0, 1] (default 0: pure L2). */
  readonly l1Ratio?: number;
  /** Rows per step (default 1024); a longer incoming matrix is split into steps of this many rows. */
  readonly batchSize?: number;
  /**
   * Weight of the past in H's running statistics, in [0, 1] (default 0.7). Over a finite matrix of n rows
   * each step scales the past by `forgetFactor ** (batchSize / n)`, as scikit-learn's `fit`; on a stream,
   * where n is unknown, by `forgetFactor` itself, as scikit-learn's `partial_fit`.
   */
  readonly forgetFactor?: number;
  /** Solve W from scratch for every batch (default false; a stream always solves it). */
  readonly freshRestarts?: boolean;
  /** Iterations of that solve (default 30). */
  readonly freshRestartsMaxIter?: number;
  /** Iterations of the final W solve of `transform` (default `maxEpochs`, as scikit-learn). */
  readonly transformMaxIter?: number;
  /** Steps without a new minimum of the smoothed batch cost before stopping (default 10; null: never). */
  readonly maxNoImprovement?: number | null;
  /** Stop when ‖ΔH‖/‖H‖ ≤ tol between steps; also the W solves' tolerance (default 1e-4; 0 disables). */
  readonly tol?: number;
  /** Passes over a finite matrix (default 200). Streams ignore it: they run until the source completes. */
  readonly maxEpochs?: number;
  /** `'random'` (default, scikit-learn's random init from the first batch) or a given start. */
  readonly init?: 'random' | OnlineNmfInit;
  /** Seed of the random init (default 0). */
  readonly seed?: number;
  /** Emit a `snapshot` with H every this many steps (default 10; 0: never). */
  readonly snapshotEvery?: number;
  /**
   * The scheduler steps are run through (default core's `yieldScheduler`: a macrotask without `setTimeout`'s
   * 1 ms clamp); tests pass a `TestScheduler`.
   */
  readonly scheduler?: SchedulerLike;
  /** Steps run back to back until this many milliseconds have passed, then the stage yields (default 10). */
  readonly sliceMs?: number;
  /**
   * Graceful stop (an AbortSignal, an Observable, or a stop rule given this run's events): finish the
   * step under way, emit one `result` (`stopped: true`) and complete.
   */
  readonly stop?: StopOption;
}

/** Validated options with defaults. */
export interface OnlineNmfSettings {
  readonly components: number;
  /** β of the divergence. */
  readonly beta: number;
  /** Exponent of the multiplicative updates (Févotte & Idier 2011): 1/(2 − β) below 1, 1/(β − 1) above 2. */
  readonly gamma: number;
  readonly alphaW: number;
  readonly alphaH: number;
  readonly l1Ratio: number;
  readonly batchSize: number;
  readonly forgetFactor: number;
  readonly freshRestarts: boolean;
  readonly freshRestartsMaxIter: number;
  readonly transformMaxIter: number;
  readonly maxNoImprovement: number | null;
  readonly tol: number;
  readonly maxEpochs: number;
  readonly init: 'random' | OnlineNmfInit;
  readonly seed: number;
  readonly snapshotEvery: number;
  readonly scheduler: SchedulerLike | undefined;
  readonly sliceMs: number;
  readonly stop: StopOption | undefined;
}

const BETA_NAMES = { frobenius: 2, 'kullback-leibler': 1, 'itakura-saito': 0 } as const;

const KNOWN = [
  'components',
  'betaLoss',
  'alphaW',
  'alphaH',
  'l1Ratio',
  'batchSize',
  'forgetFactor',
  'freshRestarts',
  'freshRestartsMaxIter',
  'transformMaxIter',
  'maxNoImprovement',
  'tol',
  'maxEpochs',
  'init',
  'seed',
  'snapshotEvery',
  'scheduler',
  'sliceMs',
  'stop',
];

/** Checks the options of `stage`; throws an `invalid-option` RivuletError naming the parameter. */
export function onlineNmfSettings(stage: string, options: OnlineNmfOptions): OnlineNmfSettings {
  if (options === undefined || options === null) invalidOption(stage, 'options', 'an object', options);
  knownOptions(stage, options, KNOWN);
  const components = integerOption(stage, 'components', options.components, { min: 1 });
  const maxEpochs = integerOption(stage, 'maxEpochs', options.maxEpochs ?? 200, { min: 1 });
  const init = options.init ?? 'random';
  if (init !== 'random') {
    if (init === null || typeof init !== 'object' || !DenseMatrix.is(init.H)) {
      invalidOption(stage, 'init', "'random' or { H: DenseMatrix, W?: DenseMatrix }", init);
    }
    if (init.W !== undefined && !DenseMatrix.is(init.W)) {
      invalidOption(stage, 'init.W', 'a DenseMatrix or undefined', init.W);
    }
  }
  const betaLoss = options.betaLoss ?? 'frobenius';
  let beta: number;
  if (typeof betaLoss === 'string' && Object.hasOwn(BETA_NAMES, betaLoss)) {
    beta = BETA_NAMES[betaLoss as keyof typeof BETA_NAMES];
  } else if (typeof betaLoss === 'number' && Number.isFinite(betaLoss)) beta = betaLoss;
  else {
    invalidOption(
      stage,
      'betaLoss',
      'one of "frobenius", "kullback-leibler", "itakura-saito" or a finite number',
      betaLoss,
    );
  }
  const alphaW = numberOption(stage, 'alphaW', options.alphaW ?? 0, { min: 0 });
  const alphaH =
    options.alphaH === undefined || options.alphaH === 'same'
      ? alphaW
      : numberOption(stage, 'alphaH', options.alphaH, { min: 0, label: "[0, ∞) or 'same'" });
  const l1Ratio = numberOption(stage, 'l1Ratio', options.l1Ratio ?? 0, { min: 0, max: 1 });
  const gamma = beta < 1 ? 1 / (2 - beta) : beta > 2 ? 1 / (beta - 1) : 1;
  const maxNoImprovement =
    options.maxNoImprovement === null
      ? null
      : integerOption(stage, 'maxNoImprovement', options.maxNoImprovement ?? 10, { min: 1 });
  const stop = options.stop;
  if (stop !== undefined && !isStopOption(stop)) {
    invalidOption(stage, 'stop', 'an AbortSignal, an Observable or a stop rule', stop);
  }
  const scheduler = options.scheduler;
  if (scheduler !== undefined && typeof scheduler?.schedule !== 'function') {
    invalidOption(stage, 'scheduler', 'an RxJS SchedulerLike', scheduler);
  }
  return {
    components,
    beta,
    gamma,
    alphaW,
    alphaH,
    l1Ratio,
    batchSize: integerOption(stage, 'batchSize', options.batchSize ?? 1024, { min: 1 }),
    forgetFactor: numberOption(stage, 'forgetFactor', options.forgetFactor ?? 0.7, { min: 0, max: 1 }),
    freshRestarts: booleanOption(stage, 'freshRestarts', options.freshRestarts ?? false),
    freshRestartsMaxIter: integerOption(stage, 'freshRestartsMaxIter', options.freshRestartsMaxIter ?? 30, {
      min: 1,
    }),
    transformMaxIter: integerOption(stage, 'transformMaxIter', options.transformMaxIter ?? maxEpochs, {
      min: 1,
    }),
    maxNoImprovement,
    tol: numberOption(stage, 'tol', options.tol ?? 1e-4, { min: 0 }),
    maxEpochs,
    init,
    seed: integerOption(stage, 'seed', options.seed ?? 0, { min: 0, max: 0xffffffff }),
    snapshotEvery: integerOption(stage, 'snapshotEvery', options.snapshotEvery ?? 10, { min: 0 }),
    scheduler,
    sliceMs: numberOption(stage, 'sliceMs', options.sliceMs ?? 10, { min: 0 }),
    stop,
  };
}
