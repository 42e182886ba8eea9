export { escapeHtml } from './escapeHtml.js';
export type {
  ExplorerData,
  ExplorerInput,
  ExplorerModel,
  ExplorerModelInput,
  ExplorerTopic,
} from './explorer/explorerData.js';
export { explorerData } from './explorer/explorerData.js';
export { classicalMds, jensenShannonDistance } from './explorer/intertopicMap.js';
export type { ExplorerPageOptions } from './explorer/renderExplorer.js';
export { renderExplorer } from './explorer/renderExplorer.js';
export type { TrainingView, TrainingViewOptions } from './serveTraining.js';
export { serveTraining } from './serveTraining.js';
export type { TopicTerms } from './TrainingHistory.js';
export { topTermsOf } from './TrainingHistory.js';
