import { filter, scan, take } from 'rxjs';
import { isEvent } from './events.js';
import type { StopRule } from './stop.js';
import { integerOption, knownOptions, numberOption } from './validate.js';

export interface EarlyStoppingOptions {
  /**
   * An epoch improves when its `relativeChange` ((previous loss − loss) / previous loss) is at least this
   * (a number ≥ 0, e.g. `1e-4`); a loss that rises counts as no improvement.
   */
  readonly minRelativeChange: number;
  /** Epochs in a row without improvement before stopping (an integer ≥ 1, default 1). */
  readonly patience?: number;
}

/**
 * A stop rule that ends training gracefully — with a `result` of the factors so far (`stopped: true`) —
 * once `patience` epochs in a row improved the loss by less than `minRelativeChange`. Pass it as `stop`
 * to a pipeline run or to any decomposer on core's training loop (`nmf`, `trainNmf`, `truncatedSvd`, a
 * plugin with the `trainingLoop` capability); it watches that run's own `epoch` events.
 *
 * @example
 * ```ts
 * import { earlyStopping } from '@rivulet/core';
 * pipeline.run(documents$, { stop: earlyStopping({ minRelativeChange: 1e-3, patience: 3 }) });
 * trainNmf(matrix, { components: 10, maxEpochs: 1000, stop: earlyStopping({ minRelativeChange: 1e-4 }) });
 * ```
 * @throws RivuletError `invalid-option` for a missing or bad option (thrown here, at the call).
 */
export function earlyStopping(options: EarlyStoppingOptions): StopRule {
  const stage = 'earlyStopping';
  knownOptions(stage, options ?? null, ['minRelativeChange', 'patience']);
  const minRelativeChange = numberOption(stage, 'minRelativeChange', options.minRelativeChange, { min: 0 });
  const patience = integerOption(stage, 'patience', options.patience ?? 1, { min: 1 });
  return (events) =>
    events.pipe(
      filter(isEvent('epoch')),
      scan((flat, e) => (e.relativeChange < minRelativeChange ? flat + 1 : 0), 0),
      filter((flat) => flat >= patience),
      take(1),
    );
}
