export type { ApproximateSimilarityIndex, UsearchIndexOptions, UsearchQuantization } from './usearchIndex.js';
export { usearchIndex, usearchSettings } from './usearchIndex.js';
export type { UsearchSimilarityOptions } from './usearchSimilarity.js';
export { usearchSimilarity, usearchSimilarityModule } from './usearchSimilarity.js';
