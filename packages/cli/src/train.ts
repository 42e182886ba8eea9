import type { DocTermMatrix } from '@rivulet/core';
import { TopicModel, type VectorizedCorpus } from '@rivulet/model';
import type { LoadedPlugins } from './loadPlugins.js';
import type { Progress } from './Progress.js';

/** Decomposers known to take core's training-loop options (plugins may not). */
const BUILT_IN = new Set(['nmf-mu', 'nmf-cd', 'svd']);
const CLI_SLICE_MS = 1000;

/** A finished training: the model and the loss after each epoch. */
export interface Trained {
  readonly model: TopicModel;
  readonly losses: number[];
  readonly seconds: number;
}

/**
 * Trains the decomposer registered as `name` with `options` (including `components`) on a vectorized
 * corpus or a ready matrix, as a {@link TopicModel}, reporting each epoch to `progress`.
 */
export async function train(
  plugins: LoadedPlugins,
  corpus: VectorizedCorpus | DocTermMatrix,
  name: string,
  options: Record<string, unknown>,
  progress: Progress,
): Promise<Trained> {
  // A command has no other work for its event loop than drawing progress, which epoch events already do:
  // long slices spare the per-slice yield, whose wake-up costs most on a busy machine.
  const run = BUILT_IN.has(name) && options.sliceMs === undefined ? { sliceMs: CLI_SLICE_MS } : {};
  const label = `training ${name} k=${String(options.components)}`;
  progress.stage(label);
  const losses: number[] = [];
  const maxEpochs = typeof options.maxEpochs === 'number' ? options.maxEpochs : undefined;
  const started = performance.now();
  const model = await TopicModel.train(corpus, {
    decomposer: { name, options },
    plugins: plugins.modules,
    run,
    onEvent: (event) => {
      if (event.type === 'epoch') {
        losses.push(event.loss);
        progress.epoch(label, event, maxEpochs);
      }
    },
  });
  return { model, losses, seconds: (performance.now() - started) / 1000 };
}
