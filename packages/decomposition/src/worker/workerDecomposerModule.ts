import {
  type DocTermMatrix,
  definePlugin,
  invalidOption,
  isPluginFactory,
  type OptionsSchema,
  type PluginFactory,
  type PluginModule,
  type TrainingEvent,
} from '@rivulet/core';
import { concatMap } from 'rxjs';
import { trainInWorker, type WorkerTrainingOptions } from './trainInWorker.js';

/** One worker-backed factory per plugin factory, so loading it twice registers one plugin. */
const workerFactories = new WeakMap<PluginFactory, PluginFactory>();

/**
 * The worker-backed plugin of any decomposer plugin whose descriptor declares the `worker` capability
 * (the built-ins `nmfMuModule`, `nmfCdModule`, `onlineNmfModule`, or a third party's): registers
 * `<name>-worker` (role `decomposer`, e.g. `nmf-cd-worker`) and makes it the active decomposer, so a
 * pipeline trains off the host's event loop without changing its code. Each matrix is trained by
 * {@link trainInWorker}; options are the plugin's without `scheduler` (it cannot cross threads), validated
 * in the worker when a matrix arrives. The module is a `definePlugin` call made from the plugin's
 * descriptor (its options schema, training-loop and non-negativity capabilities).
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { nmfCdModule, workerDecomposerModule } from '@rivulet/decomposition';
 * const rivulet = createContainer([tokenizerModule(), vectorizerModule(), workerDecomposerModule(nmfCdModule, { components: 50 })]);
 * ```
 * @throws RivuletError `invalid-option` when `plugin` is not a decomposer factory with a worker capability.
 */
export function workerDecomposerModule<O extends object>(
  plugin: PluginFactory<O, DocTermMatrix, TrainingEvent>,
  options: WorkerTrainingOptions<O>,
): PluginModule<WorkerTrainingOptions<O>, DocTermMatrix, TrainingEvent> {
  const descriptor = isPluginFactory(plugin) ? plugin.descriptor : undefined;
  if (descriptor?.role !== 'decomposer' || descriptor.capabilities.worker === undefined) {
    invalidOption(
      'workerDecomposerModule',
      'plugin',
      'the factory of a decomposer plugin whose descriptor declares a worker capability (e.g. nmfCdModule)',
      descriptor ? `${descriptor.role} plugin ${descriptor.name}` : plugin,
    );
  }
  let factory = workerFactories.get(plugin);
  if (factory === undefined) {
    const { scheduler: _, ...schema } = descriptor.options as Record<string, unknown>;
    factory = definePlugin<WorkerTrainingOptions<O>, DocTermMatrix, TrainingEvent>({
      role: 'decomposer',
      name: `${descriptor.name}-worker`,
      description: `${descriptor.name} trained in a worker thread (same events, the host's event loop stays free)`,
      options: schema as OptionsSchema<WorkerTrainingOptions<O>>,
      stage: (o) => concatMap((matrix: DocTermMatrix) => trainInWorker(plugin, matrix, o)),
      capabilities: {
        trainingLoop: descriptor.capabilities.trainingLoop,
        nonNegative: descriptor.capabilities.nonNegative,
      },
    });
    workerFactories.set(plugin, factory);
  }
  return (factory as PluginFactory<WorkerTrainingOptions<O>, DocTermMatrix, TrainingEvent>)(options);
}
