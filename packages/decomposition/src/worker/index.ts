export type { WorkerTrainingOptions } from './trainInWorker.js';
export { trainInWorker } from './trainInWorker.js';
export type { WorkerDecomposer } from './workerMessages.js';
