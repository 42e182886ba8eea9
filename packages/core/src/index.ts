import 'reflect-metadata';

export { hasBrand, setBrand } from './brand.js';
export type {
  PlainState,
  PlainValue,
  PluginCapabilities,
  SegmentationKind,
  SpanTokenizer,
  StateCapability,
  TokenSink,
  WorkerRef,
} from './capabilities.js';
export { checkMemory, memoryBudget } from './checkMemory.js';
export type { ResultCheckOptions } from './checkResults.js';
export { checkResults } from './checkResults.js';
export type { StageResolver, Step } from './compose.js';
export { Composition, compose, Pipeline } from './compose.js';
export { coreModule, DEFAULT_PIPELINE } from './coreModule.js';
export type {
  PluginDefinition,
  PluginDescriptor,
  PluginFactory,
  PluginModule,
  StageContext,
} from './definePlugin.js';
export {
  definedPlugins,
  definePlugin,
  isPluginDescriptor,
  isPluginFactory,
  isPluginModule,
} from './definePlugin.js';
export type {
  DocTermMatrix,
  Document,
  PretokenizedDocument,
  TextDocument,
  TokenizedDocument,
  WeightingState,
} from './documents.js';
export { isTextDocument } from './documents.js';
export type { EarlyStoppingOptions } from './earlyStopping.js';
export { earlyStopping } from './earlyStopping.js';
export type {
  BatchEvent,
  EpochEvent,
  MatrixEvent,
  OutputEvent,
  PipelineEvent,
  ResultEvent,
  SnapshotEvent,
  TrainingEvent,
  WarningEvent,
} from './events.js';
export { isEvent } from './events.js';
export type { FactorState } from './factorState.js';
export { factorState } from './factorState.js';
export { grow } from './grow.js';
export { loadPluginFactory, loadWorkerExport, type WorkerExport } from './loadWorkerExport.js';
export type { OptionLiteral, OptionSpec, OptionsSchema, OptionType } from './optionsSchema.js';
export {
  checkOptions,
  describeOption,
  optionAllows,
  parseOptionValue,
  suggestOption,
} from './optionsSchema.js';
export {
  bindActive,
  createContainer,
  findPlugin,
  isContainerModule,
  listPlugins,
  resolvePlugin,
} from './plugins.js';
export type { ErrorKind, RivuletErrorOptions } from './RivuletError.js';
export { describeValue, isRivuletError, RivuletError } from './RivuletError.js';
export type { BuiltInRole, DataKind, PluginRole, RoleSpec } from './roles.js';
export { defineRole, listRoles, roleOfToken, roleSpec, roleToken } from './roles.js';
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
export type { RunControls, StopOption, StopRule } from './stop.js';
export { isStopOption, stopNotifier } from './stop.js';
export { HASH_SEED, hashFinish, hashStep, TermTable } from './TermTable.js';
export { textSnippet } from './textSnippet.js';
export {
  DECOMPOSER,
  DOCUMENT_FILTERS,
  PIPELINE,
  PLUGINS,
  SCHEDULER,
  SIMILARITY,
  TOKEN_FILTERS,
  TOKENIZER,
  VECTORIZER,
} from './tokens.js';
export type { EpochOutcome, SnapshotOptions, TrainingLoopOptions, TrainingSession } from './trainingLoop.js';
export { trainingLoop } from './trainingLoop.js';
export type { UntilResultOptions } from './untilResult.js';
export { untilResult } from './untilResult.js';
export type { IntegerRange, NumberRange } from './validate.js';
export {
  booleanOption,
  closestName,
  integerOption,
  invalidOption,
  knownOptions,
  numberOption,
  oneOfOption,
} from './validate.js';
export { yieldScheduler } from './yieldScheduler.js';
