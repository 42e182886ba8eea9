export type { FrozenVocabularyOptions } from './frozenVocabularyVectorize.js';
export { frozenVocabularyVectorize } from './frozenVocabularyVectorize.js';
export { HashedVocabulary } from './HashedVocabulary.js';
export { HASHING_VECTORIZER_OPTIONS, HashingVectorizer } from './HashingVectorizer.js';
export type { HashingVectorizerOptions } from './hashingOptions.js';
export { hashingVectorize } from './hashingVectorize.js';
export { HASHING_VECTORIZER_OPTION_SCHEMA, hashingVectorizerModule } from './hashingVectorizerModule.js';
export { murmurhash3, murmurhash3Bytes } from './murmurhash3.js';
