export { builtInPlugins } from './builtInPlugins.js';
export type { ModelPipeline, PluginChoice, PluginSpec } from './ModelPipeline.js';
export type { TrainingSummary } from './modelSettings.js';
export { TOPIC_MODEL_KIND } from './modelSettings.js';
export type {
  FitOptions,
  LoadOptions,
  ModelInput,
  TrainOptions,
  VectorizedCorpus,
  VectorizeOptions,
} from './TopicModel.js';
export { TopicModel } from './TopicModel.js';
