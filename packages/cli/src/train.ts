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
  const stage = resolvePlugin<DecomposerStage>(container, 'decomposer', name, options);
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
