import { filter, scan, take } from 'rxjs';
import type { BatchEvent, EpochEvent } from './events.js';
import type { StopRule } from './stop.js';
import { integerOption, knownOptions, numberOption } from './validate.js';

export interface EarlyStoppingOptions {
  /**
   * An epoch improves when its `relativeChange` ((previous loss − loss) / previous loss) is at least this
   * (a number ≥ 0, e.g. `1e-4`); a loss that rises counts as no improvement. A batch step improves when
   * the smoothed batch cost falls below the best so far by at least this share of it.
   */
  readonly minRelativeChange: number;
  /** Epochs (or batch steps) in a row without improvement before stopping (an integer ≥ 1, default 1). */
  readonly patience?: number;
  /**
   * Batch events only: the weight of each new step in the exponentially weighted average of the batch
   * costs, in (0, 1] (default 0.1). scikit-learn's `MiniBatchNMF` uses batchSize / rows.
   */
  readonly smoothing?: number;
}

/** What the rule tracks: steps in a row without improvement, and for batches the average and its best. */
interface Progress {
  readonly flat: number;
  readonly average?: number;
  readonly best?: number;
}

/**
 * A stop rule that ends training gracefully — with a `result` of the factors so far (`stopped: true`) —
 * once `patience` epochs (or batch steps) in a row did not improve by `minRelativeChange`. Pass it as
 * `stop` to a pipeline run or to any decomposer that takes a stop rule: the training-loop ones (`nmf`,
 * `trainNmf`, `truncatedSvd`, a plugin with the `trainingLoop` capability) and online NMF (`onlineNmf`,
 * `trainOnlineNmf`), in a worker thread too (the rule runs on the host, on the forwarded events).
 *
 * - `epoch` events: an epoch improves when its `relativeChange` is at least `minRelativeChange`.
 * - `batch` events (online NMF, whose `loss` is ‖X_b − W_b·H‖_F over one batch, so it varies from batch
 *   to batch with the rows): the rule follows scikit-learn's `MiniBatchNMF._minibatch_convergence` — the
 *   batch cost per row (loss² / batchSize) is averaged with weight `smoothing`, and a step improves when
 *   that average falls below the lowest so far by at least `minRelativeChange` of it. With
 *   `minRelativeChange: 0` and `patience: p` this is scikit-learn's `max_no_improvement = p`.
 *
 * @example
 * ```ts
 * import { earlyStopping } from '@rivulet/core';
 * pipeline.run(documents$, { stop: earlyStopping({ minRelativeChange: 1e-3, patience: 3 }) });
 * trainNmf(matrix, { components: 10, maxEpochs: 1000, stop: earlyStopping({ minRelativeChange: 1e-4 }) });
 * trainOnlineNmf(matrix, { components: 10, stop: earlyStopping({ minRelativeChange: 1e-3, patience: 10 }) });
 * ```
 * @throws RivuletError `invalid-option` for a missing or bad option (thrown here, at the call).
 */
export function earlyStopping(options: EarlyStoppingOptions): StopRule {
  const stage = 'earlyStopping';
  knownOptions(stage, options ?? null, ['minRelativeChange', 'patience', 'smoothing']);
  const minRelativeChange = numberOption(stage, 'minRelativeChange', options.minRelativeChange, { min: 0 });
  const patience = integerOption(stage, 'patience', options.patience ?? 1, { min: 1 });
  const smoothing = numberOption(stage, 'smoothing', options.smoothing ?? 0.1, {
    min: 0,
    max: 1,
    minExclusive: true,
  });
  const step = (progress: Progress, e: EpochEvent | BatchEvent): Progress => {
    if (e.type === 'epoch') return { flat: e.relativeChange < minRelativeChange ? progress.flat + 1 : 0 };
    const cost = (e.loss * e.loss) / e.batchSize;
    const average =
      progress.average === undefined ? cost : progress.average * (1 - smoothing) + cost * smoothing;
    if (progress.best === undefined || average < progress.best * (1 - minRelativeChange)) {
      return { flat: 0, average, best: average };
    }
    return { flat: progress.flat + 1, average, best: progress.best };
  };
  return (events) =>
    events.pipe(
      filter((e): e is EpochEvent | BatchEvent => e.type === 'epoch' || e.type === 'batch'),
      scan(step, { flat: 0 }),
      filter((progress) => progress.flat >= patience),
      take(1),
    );
}
