export { applyWeighting } from './applyWeighting.js';
export type { FittedVectorizerJSON } from './FittedVectorizer.js';
export { FittedVectorizer } from './FittedVectorizer.js';
export type { FittedDocTermMatrix } from './fitCounts.js';
export type { IncrementalFit } from './fitIncrementally.js';
export { fitIncrementally } from './fitIncrementally.js';
export { fitTransform, fitVectorizer } from './fitVectorizer.js';
export type { FrozenVocabularyOptions, HashingVectorizerOptions } from './hashing/index.js';
export {
  frozenVocabularyVectorize,
  HASHING_VECTORIZER_OPTION_SCHEMA,
  HASHING_VECTORIZER_OPTIONS,
  HashedVocabulary,
  HashingVectorizer,
  hashingVectorize,
  hashingVectorizerModule,
  murmurhash3,
  murmurhash3Bytes,
} from './hashing/index.js';
export { compareCodePoints, sortByCodePoint } from './sortByCodePoint.js';
export type { TransformOptions } from './transformWith.js';
export { transformWith } from './transformWith.js';
export { VECTORIZER_OPTIONS, Vectorizer } from './Vectorizer.js';
export type {
  DocumentFrequency,
  ResolvedDocumentFrequency,
  ResolvedVectorizerOptions,
  VectorizerOptions,
} from './VectorizerOptions.js';
export { fitSpans, vectorize } from './vectorize.js';
export { VECTORIZER_OPTION_SCHEMA, vectorizerModule } from './vectorizerModule.js';
