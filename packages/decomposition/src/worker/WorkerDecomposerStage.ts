import type { DecomposerStage, DocTermMatrix, TrainingEvent } from '@rivulet/core';
import { inject, injectable } from 'inversify';
import { concatMap, type Observable } from 'rxjs';
import { trainInWorker, type WorkerTrainingOptions } from './trainInWorker.js';
import type { WorkerDecomposer } from './workerMessages.js';

/** What {@link workerDecomposerModule} binds: the decomposer to run and its options. */
export interface WorkerDecomposerSettings {
  readonly decomposer: WorkerDecomposer;
  readonly options: WorkerTrainingOptions<WorkerDecomposer>;
}

/** Injection token of the {@link WorkerDecomposerSettings}. */
export const WORKER_DECOMPOSER_SETTINGS = Symbol.for('rivulet.decomposition.worker.settings');

/**
 * A decomposer that trains in a worker thread (plugin `<decomposer>-worker`, e.g. `nmf-cd-worker`): each
 * incoming matrix is trained by {@link trainInWorker}, one after the other.
 */
@injectable()
export class WorkerDecomposerStage implements DecomposerStage {
  readonly name: string;

  constructor(@inject(WORKER_DECOMPOSER_SETTINGS) private readonly settings: WorkerDecomposerSettings) {
    this.name = `${settings.decomposer}-worker`;
  }

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    const { decomposer, options } = this.settings;
    return source.pipe(concatMap((matrix) => trainInWorker(decomposer, matrix, options)));
  }
}
