export type { ApproximateSimilarityIndex, UsearchIndexOptions, UsearchQuantization } from './usearchIndex.js';
export { usearchIndex, usearchSettings } from './usearchIndex.js';
export type { UsearchSimilarityOptions } from './usearchSimilarity.js';
export { USEARCH_OPTION_SCHEMA, usearchSimilarity, usearchSimilarityModule } from './usearchSimilarity.js';
