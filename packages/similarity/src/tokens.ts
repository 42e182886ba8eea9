import type { ServiceIdentifier } from 'inversify';
import type { SimilarityOptions } from './operators/similarity.js';

/** The options `similarityModule` binds for the `Similarity` stage. */
export const SIMILARITY_OPTIONS: ServiceIdentifier<SimilarityOptions> = Symbol.for(
  'rivulet.similarity.options',
);
