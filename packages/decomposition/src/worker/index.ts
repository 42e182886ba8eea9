export type { WorkerTrainingOptions } from './trainInWorker.js';
export { trainInWorker } from './trainInWorker.js';
export type { WorkerDecomposerSettings } from './WorkerDecomposerStage.js';
export { WORKER_DECOMPOSER_SETTINGS, WorkerDecomposerStage } from './WorkerDecomposerStage.js';
export { WORKER_DECOMPOSER_PLUGINS, workerDecomposerModule } from './workerDecomposerModule.js';
export type { WorkerDecomposer } from './workerMessages.js';
