export type { TrainingView, TrainingViewOptions } from './serveTraining.js';
export { serveTraining } from './serveTraining.js';
export type { TopicTerms } from './TrainingHistory.js';
export { topTermsOf } from './TrainingHistory.js';
