import type { StopOption } from '@rivulet/core';
import type { SchedulerLike } from 'rxjs';
import type { NmfInit } from './NmfOptions.js';

/** Validated NMF options with defaults filled in (internal). */
export interface NmfSettings {
  readonly components: number;
  readonly solver: 'mu' | 'cd';
  /** β as a number. */
  readonly beta: number;
  readonly init: NmfInit | undefined;
  readonly maxEpochs: number;
  readonly tol: number;
  readonly seed: number;
  readonly alphaW: number;
  readonly alphaH: number;
  readonly l1Ratio: number;
  readonly shuffle: boolean;
  readonly dtype: 'float64' | 'float32';
  readonly scheduler: SchedulerLike | undefined;
  readonly sliceMs: number | undefined;
  readonly snapshotEvery: number | undefined;
  readonly stop: StopOption | undefined;
}
