import type { ServiceIdentifier } from 'inversify';
import type { SchedulerLike } from 'rxjs';
import type { Pipeline } from './compose.js';
import type { PluginDescriptor } from './definePlugin.js';
import type { Document, TokenizedDocument } from './documents.js';
import type { PipelineEvent } from './events.js';
import type { DecomposerStage, SimilarityStage, Stage, TokenizerStage, VectorizerStage } from './Stage.js';

// Each role's token is `Symbol.for('rivulet.<role>')` (see `roleToken`), the same in every copy of core.

/** The active tokenizer. */
export const TOKENIZER: ServiceIdentifier<TokenizerStage> = Symbol.for('rivulet.tokenizer');
/** The active vectorizer. */
export const VECTORIZER: ServiceIdentifier<VectorizerStage> = Symbol.for('rivulet.vectorizer');
/** The active decomposer: loading another decomposer plugin rebinds it. */
export const DECOMPOSER: ServiceIdentifier<DecomposerStage> = Symbol.for('rivulet.decomposer');
/** The active similarity stage. */
export const SIMILARITY: ServiceIdentifier<SimilarityStage> = Symbol.for('rivulet.similarity');
/** Every document filter bound, run in load order before the tokenizer (none: documents pass as they are). */
export const DOCUMENT_FILTERS: ServiceIdentifier<Stage<Document, Document>> =
  Symbol.for('rivulet.document-filter');
/** Every token filter bound, run in load order between tokenizer and vectorizer. */
export const TOKEN_FILTERS: ServiceIdentifier<Stage<TokenizedDocument, TokenizedDocument>> =
  Symbol.for('rivulet.token-filter');
/** The default pipeline: document filters → tokenizer → token filters → vectorizer → decomposer. */
export const PIPELINE: ServiceIdentifier<Pipeline<Document, PipelineEvent>> = Symbol.for('rivulet.pipeline');
/** Every plugin registers a descriptor here, for discovery by name (see `listPlugins`). */
export const PLUGINS: ServiceIdentifier<PluginDescriptor> = Symbol.for('rivulet.plugins');
/** The scheduler training loops yield through; bind a `TestScheduler` in tests. */
export const SCHEDULER: ServiceIdentifier<SchedulerLike> = Symbol.for('rivulet.scheduler');
