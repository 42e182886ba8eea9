export type { ApproximateSimilarityIndex, UsearchIndexOptions, UsearchQuantization } from './usearchIndex.js';
export { usearchIndex } from './usearchIndex.js';
