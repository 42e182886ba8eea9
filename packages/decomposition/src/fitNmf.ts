import { type ResultEvent, type TrainingEvent, untilResult } from '@rivulet/core';
import type { NmfOptions } from './NmfOptions.js';
import type { NmfInput } from './toCsr.js';
import { trainNmf } from './trainNmf.js';

/** {@link NmfOptions} plus the promise form's cancellation and progress hooks. */
export interface FitNmfOptions extends NmfOptions {
  /** Aborting unsubscribes (hard cancel) and rejects with an `aborted` RivuletError. */
  readonly signal?: AbortSignal;
  /** Called with every training event. */
  readonly onEvent?: (event: TrainingEvent) => void;
}

/**
 * Promise form of {@link trainNmf}: resolves with the `result` event.
 *
 * @example
 * ```ts
 * import { fitNmf } from '@rivulet/decomposition';
 * const { W, H, loss } = await fitNmf(matrix, { components: 3, signal: AbortSignal.timeout(10_000) });
 * ```
 */
export function fitNmf(matrix: NmfInput, options: FitNmfOptions): Promise<ResultEvent> {
  const { signal, onEvent, ...rest } = options ?? ({} as FitNmfOptions);
  return untilResult(trainNmf(matrix, rest), { signal, onEvent });
}
