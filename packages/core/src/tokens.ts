import type { ServiceIdentifier } from 'inversify';
import type { SchedulerLike } from 'rxjs';
import type { Pipeline } from './Pipeline.js';
import type { PluginDescriptor } from './plugins.js';
import type { DecomposerStage, SimilarityStage, TokenizerStage, VectorizerStage } from './Stage.js';

/** The active tokenizer. */
export const TOKENIZER: ServiceIdentifier<TokenizerStage> = Symbol.for('rivulet.tokenizer');
/** The active vectorizer. */
export const VECTORIZER: ServiceIdentifier<VectorizerStage> = Symbol.for('rivulet.vectorizer');
/** The active decomposer: loading another decomposer plugin rebinds it. */
export const DECOMPOSER: ServiceIdentifier<DecomposerStage> = Symbol.for('rivulet.decomposer');
/** The active similarity stage. */
export const SIMILARITY: ServiceIdentifier<SimilarityStage> = Symbol.for('rivulet.similarity');
/** The pipeline that chains the active stages. */
export const PIPELINE: ServiceIdentifier<Pipeline> = Symbol.for('rivulet.pipeline');
/** Every plugin registers a descriptor here, for discovery by name (see `listPlugins`). */
export const PLUGINS: ServiceIdentifier<PluginDescriptor> = Symbol.for('rivulet.plugins');
/** The scheduler training loops yield through; bind a `TestScheduler` in tests. */
export const SCHEDULER: ServiceIdentifier<SchedulerLike> = Symbol.for('rivulet.scheduler');
