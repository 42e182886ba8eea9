import {
  type DecomposerStage,
  type DocTermMatrix,
  type ResultEvent,
  resolvePlugin,
  untilResult,
} from '@rivulet/core';
import type { Container } from 'inversify';
import { of } from 'rxjs';
import type { Progress } from './Progress.js';

/** Decomposers known to take core's training-loop options (plugins may not). */
const BUILT_IN = new Set(['nmf-mu', 'nmf-cd', 'svd']);
const CLI_SLICE_MS = 1000;

/** A finished training: the result and the loss after each epoch. */
export interface Trained {
  readonly result: ResultEvent;
  readonly losses: number[];
  readonly seconds: number;
}

/**
 * Trains the decomposer registered as `name` on `matrix` with `options` (including `components`),
 * reporting each epoch to `progress`.
 */
export async function train(
  container: Container,
  name: string,
  options: Record<string, unknown>,
  matrix: DocTermMatrix,
  progress: Progress,
): Promise<Trained> {
  // A command has no other work for its event loop than drawing progress, which epoch events already do:
  // long slices spare the per-slice yield, whose wake-up costs most on a busy machine.
  const withSlices = BUILT_IN.has(name) ? { sliceMs: CLI_SLICE_MS, ...options } : options;
  const stage = resolvePlugin<DecomposerStage>(container, 'decomposer', name, withSlices);
  const label = `training ${name} k=${String(options.components)}`;
  progress.stage(label);
  const losses: number[] = [];
  const maxEpochs = typeof options.maxEpochs === 'number' ? options.maxEpochs : undefined;
  const started = performance.now();
  const result = await untilResult(stage.apply(of(matrix)), {
    onEvent: (event) => {
      if (event.type === 'epoch') {
        losses.push(event.loss);
        progress.epoch(label, event, maxEpochs);
      }
    },
  });
  return { result, losses, seconds: (performance.now() - started) / 1000 };
}
