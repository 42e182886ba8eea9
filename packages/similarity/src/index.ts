export { cosine } from './cosine.js';
export type { QueryOptions } from './internal/RowIndex.js';
export type { LiveSimilarityOptions } from './LiveSimilarityIndex.js';
export { LiveSimilarityIndex } from './LiveSimilarityIndex.js';
export type {
  DocumentNeighbours,
  NearestNeighboursOptions,
  RowDocument,
} from './operators/nearestNeighbours.js';
export { nearestNeighbours } from './operators/nearestNeighbours.js';
export type { SimilarityOptions } from './operators/similarity.js';
export { similarity } from './operators/similarity.js';
export type { PairwiseOptions } from './pairwiseCosine.js';
export { pairwiseCosine } from './pairwiseCosine.js';
export { Similarity } from './Similarity.js';
export { similarityIndex } from './similarityIndex.js';
export { SIMILARITY_OPTION_SCHEMA, similarityModule } from './similarityModule.js';
export { SIMILARITY_OPTIONS } from './tokens.js';
