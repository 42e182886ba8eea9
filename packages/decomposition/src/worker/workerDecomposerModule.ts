import { bindActive, DECOMPOSER, PLUGINS } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import type { WorkerTrainingOptions } from './trainInWorker.js';
import { WORKER_DECOMPOSER_SETTINGS, WorkerDecomposerStage } from './WorkerDecomposerStage.js';
import type { WorkerDecomposer } from './workerMessages.js';

/**
 * The worker-backed plugin of a decomposer: registers `<decomposer>-worker` (role `decomposer`, e.g.
 * `nmf-cd-worker`) and makes it the active decomposer, so a pipeline trains off the host's event loop
 * without changing its code. Options are validated in the worker, when a matrix arrives.
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
): ContainerModule {
  return new ContainerModule((load) => {
    const settings = { decomposer, options };
    const bound = load.isBound(WORKER_DECOMPOSER_SETTINGS)
      ? load.rebind(WORKER_DECOMPOSER_SETTINGS)
      : load.bind(WORKER_DECOMPOSER_SETTINGS);
    bound.toConstantValue(settings);
    load.bind(PLUGINS).toConstantValue({
      role: 'decomposer',
      name: `${decomposer}-worker`,
      description: `${decomposer} trained in a worker thread (same events, the host's event loop stays free)`,
      create: (o?: WorkerTrainingOptions<D>) =>
        new WorkerDecomposerStage({ decomposer, options: o ?? options }),
    });
    bindActive(load, DECOMPOSER, WorkerDecomposerStage);
  });
}
