export type { WorkerPlugin, WorkerTrainingOptions } from './trainInWorker.js';
export { trainInWorker } from './trainInWorker.js';
export { workerDecomposerModule } from './workerDecomposerModule.js';
