import 'reflect-metadata';

export { coreModule } from './coreModule.js';
export type {
  DocTermMatrix,
  Document,
  PretokenizedDocument,
  TextDocument,
  TokenizedDocument,
  WeightingState,
} from './documents.js';
export { isTextDocument } from './documents.js';
export type {
  BatchEvent,
  EpochEvent,
  ResultEvent,
  SnapshotEvent,
  TrainingEvent,
  WarningEvent,
} from './events.js';
export { isEvent } from './events.js';
export type { MatrixEvent, PipelineEvent } from './Pipeline.js';
export { Pipeline } from './Pipeline.js';
export type { PluginDescriptor, PluginRole } from './plugins.js';
export { bindActive, createContainer, listPlugins, resolvePlugin } from './plugins.js';
export type { ErrorKind, RivuletErrorOptions } from './RivuletError.js';
export { describeValue, isRivuletError, RivuletError } from './RivuletError.js';
export type {
  DecomposerStage,
  Neighbour,
  SimilarityIndex,
  SimilarityStage,
  Stage,
  TokenizerStage,
  VectorizerStage,
} from './Stage.js';
export { asOperator } from './Stage.js';
export { DECOMPOSER, PIPELINE, PLUGINS, SCHEDULER, SIMILARITY, TOKENIZER, VECTORIZER } from './tokens.js';
export type { EpochOutcome, TrainingLoopOptions, TrainingSession } from './trainingLoop.js';
export { trainingLoop } from './trainingLoop.js';
export type { UntilResultOptions } from './untilResult.js';
export { untilResult } from './untilResult.js';
export type { IntegerRange, NumberRange } from './validate.js';
export {
  booleanOption,
  integerOption,
  invalidOption,
  knownOptions,
  numberOption,
  oneOfOption,
} from './validate.js';
