import { type DocTermMatrix, findPlugin, isRivuletError, RivuletError } from '@rivulet/core';
import { TopicModel, type VectorizedCorpus } from '@rivulet/model';
import type { TrainingView } from '@rivulet/view';
import { CLI } from './CliError.js';
import { type LoadedPlugins, thrownReason } from './loadPlugins.js';
import type { Progress } from './Progress.js';

const CLI_SLICE_MS = 1000;
/** Epochs between the topic snapshots a live view shows. */
const LIVE_SNAPSHOT_EVERY = 5;

/** A finished training: the model and the loss after each epoch. */
export interface Trained {
  readonly model: TopicModel;
  readonly losses: number[];
  readonly seconds: number;
}

/**
 * Trains the decomposer registered as `name` with `options` (including `components`) on a vectorized
 * corpus or a ready matrix, as a {@link TopicModel}, reporting each epoch to `progress`; in a worker thread
 * with `worker` (the decomposer's descriptor says where the worker finds it).
 */
export async function train(
  plugins: LoadedPlugins,
  corpus: VectorizedCorpus | DocTermMatrix,
  name: string,
  options: Record<string, unknown>,
  progress: Progress,
  view?: TrainingView,
  worker = false,
): Promise<Trained> {
  // A command has no other work for its event loop than drawing progress, which epoch events already do:
  // long slices spare the per-slice yield, whose wake-up costs most on a busy machine. Only a stage on
  // core's training loop takes sliceMs (its descriptor says so).
  const onLoop = findPlugin(plugins.container, 'decomposer', name).capabilities?.trainingLoop === true;
  const run: Record<string, unknown> = {
    ...(onLoop && !worker && options.sliceMs === undefined ? { sliceMs: CLI_SLICE_MS } : {}),
    ...(view === undefined ? {} : liveOptions(plugins, name, view)),
    ...(worker ? { worker: true } : {}),
  };
  const label = `training ${name} k=${String(options.components)}`;
  progress.stage(label);
  const losses: number[] = [];
  const maxEpochs = typeof options.maxEpochs === 'number' ? options.maxEpochs : undefined;
  const started = performance.now();
  // A plugin whose stream neither ends nor schedules more work would leave Node to exit (code 13) with no
  // word; when the event loop runs dry during training, that is this decomposer's fault, and said so.
  const stalled = new AbortController();
  const onStall = () => stalled.abort();
  process.once('beforeExit', onStall);
  let model: TopicModel;
  try {
    model = await TopicModel.train(corpus, {
      decomposer: { name, options },
      plugins: plugins.modules,
      run,
      // The page's Cancel aborts this: training is unsubscribed and the command fails with `aborted`.
      signal: view ? AbortSignal.any([view.cancelSignal, stalled.signal]) : stalled.signal,
      onEvent: (event) => {
        view?.record(event);
        if (event.type === 'epoch') {
          losses.push(event.loss);
          progress.epoch(label, event, maxEpochs);
        }
      },
    });
  } catch (error) {
    view?.finish(error);
    // A plugin may throw anything (`throw 42`): name the decomposer instead of letting a raw value out.
    if (!stalled.signal.aborted) throw isRivuletError(error) ? error : pluginFailed(name, error);
    throw new RivuletError(
      'invalid-input',
      'train',
      `decomposer ${JSON.stringify(name)} stopped without a result: its stream neither emitted one nor completed, and nothing is left to run`,
      { parameter: 'decomposer', cause: error },
    );
  } finally {
    process.off('beforeExit', onStall);
  }
  view?.finish();
  return { model, losses, seconds: (performance.now() - started) / 1000 };
}

/**
 * What a live view asks of the decomposer, by what its descriptor says it takes: the page's Stop as the
 * training loop's `stop`, and a snapshot of the topics every few epochs.
 */
function liveOptions(plugins: LoadedPlugins, name: string, view: TrainingView): Record<string, unknown> {
  const descriptor = findPlugin(plugins.container, 'decomposer', name);
  return {
    ...(descriptor.capabilities?.trainingLoop === true ? { stop: view.stopSignal } : {}),
    ...('snapshotEvery' in descriptor.options ? { snapshotEvery: LIVE_SNAPSHOT_EVERY } : {}),
  };
}

/** A decomposer (built in or from a plugin) that threw something other than a RivuletError. */
function pluginFailed(name: string, error: unknown): RivuletError {
  return new RivuletError(
    'invalid-input',
    CLI,
    `decomposer ${JSON.stringify(name)} failed: ${thrownReason(error)}`,
    {
      parameter: '--decomposer',
      cause: error,
    },
  );
}
