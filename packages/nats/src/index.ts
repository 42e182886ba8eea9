export type { BatchPublisherOptions, PublishReceipt } from './BatchPublisher.js';
export { BatchPublisher } from './BatchPublisher.js';
export { connectNats } from './connectNats.js';
export type { DocumentStream, DocumentStreamOptions } from './documentStream.js';
export { ensureDocumentStream } from './documentStream.js';
export type { ModelStoreOptions, ModelVersion, PutModelOptions, StoredFile } from './NatsModelStore.js';
export { NatsModelStore } from './NatsModelStore.js';
export type { DeliveredMessage, NatsDocumentsOptions, SkippedMessage } from './natsDocuments.js';
export { deadLetterSubjectOf, natsDocuments } from './natsDocuments.js';
export type { NatsServer, NatsServerOptions } from './natsServer.js';
export { findNatsServer, startNatsServer } from './natsServer.js';
export type { PublishDocumentsOptions, PublishSummary } from './publish.js';
export { publishDocuments, toNats } from './publish.js';
export type { Checkpoint, CheckpointMeta, TrainingProgress } from './training/checkpoint.js';
export { readCheckpoint } from './training/checkpoint.js';
export type {
  CoordinatorEvent,
  CoordinatorSummary,
  NmfCoordinatorOptions,
} from './training/nmfCoordinator.js';
export { runNmfCoordinator } from './training/nmfCoordinator.js';
export type { NmfWorkerOptions, WorkerEvent, WorkerSummary } from './training/nmfWorker.js';
export { runNmfWorker } from './training/nmfWorker.js';
export type { StatisticsMessage, StatisticsTag } from './training/statisticsMessage.js';
export { decodeStatistics, encodeStatistics } from './training/statisticsMessage.js';
export type { DistributedNmfOptions, DistributedNmfSettings } from './training/trainingSettings.js';
export {
  accepted,
  batchVectorizer,
  distributedNmfSettings,
  onlineNmfOptions,
} from './training/trainingSettings.js';
