import {
  type DocTermMatrix,
  definePlugin,
  type OptionsSchema,
  oneOfOption,
  type PluginFactory,
  type PluginModule,
  type TrainingEvent,
} from '@rivulet/core';
import { concatMap } from 'rxjs';
import { NMF_OPTION_SCHEMA } from '../nmfOptionSchema.js';
import { ONLINE_NMF_OPTION_SCHEMA } from '../online/onlineNmfModule.js';
import { trainInWorker, type WorkerTrainingOptions } from './trainInWorker.js';
import type { WorkerDecomposer } from './workerMessages.js';

/** A schema without the options that cannot cross into a worker thread (the scheduler). */
function withoutScheduler<S extends { scheduler: unknown }>(schema: S): Omit<S, 'scheduler'> {
  const { scheduler: _, ...rest } = schema;
  return rest;
}

function workerPlugin<D extends WorkerDecomposer>(
  decomposer: D,
  options: OptionsSchema<WorkerTrainingOptions<D>>,
): PluginFactory<WorkerTrainingOptions<D>, DocTermMatrix, TrainingEvent> {
  return definePlugin<WorkerTrainingOptions<D>, DocTermMatrix, TrainingEvent>({
    role: 'decomposer',
    name: `${decomposer}-worker`,
    description: `${decomposer} trained in a worker thread (same events, the host's event loop stays free)`,
    options,
    stage: (o) => concatMap((matrix: DocTermMatrix) => trainInWorker(decomposer, matrix, o)),
    capabilities: { trainingLoop: true, nonNegative: true },
  });
}

/** The worker-backed plugins, one `definePlugin` each: `nmf-mu-worker`, `nmf-cd-worker`, `nmf-online-worker`. */
export const WORKER_DECOMPOSER_PLUGINS = {
  'nmf-mu': workerPlugin('nmf-mu', withoutScheduler(NMF_OPTION_SCHEMA) as never),
  'nmf-cd': workerPlugin('nmf-cd', withoutScheduler(NMF_OPTION_SCHEMA) as never),
  'nmf-online': workerPlugin('nmf-online', withoutScheduler(ONLINE_NMF_OPTION_SCHEMA) as never),
} as const;

/**
 * The worker-backed plugin of a decomposer: registers `<decomposer>-worker` (role `decomposer`, e.g.
 * `nmf-cd-worker`) and makes it the active decomposer, so a pipeline trains off the host's event loop
 * without changing its code. Options are validated in the worker, when a matrix arrives. The module is
 * made by the `definePlugin` factory `WORKER_DECOMPOSER_PLUGINS[decomposer]`.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { workerDecomposerModule } from '@rivulet/decomposition';
 * const rivulet = createContainer([tokenizerModule(), vectorizerModule(), workerDecomposerModule('nmf-cd', { components: 50 })]);
 * ```
 */
export function workerDecomposerModule<D extends WorkerDecomposer>(
  decomposer: D,
  options: WorkerTrainingOptions<D>,
): PluginModule<WorkerTrainingOptions<D>, DocTermMatrix, TrainingEvent> {
  oneOfOption('workerDecomposerModule', 'decomposer', decomposer, Object.keys(WORKER_DECOMPOSER_PLUGINS));
  const factory = WORKER_DECOMPOSER_PLUGINS[decomposer] as unknown as PluginFactory<
    WorkerTrainingOptions<D>,
    DocTermMatrix,
    TrainingEvent
  >;
  return factory(options);
}
