import { type DocTermMatrix, definePlugin, type OptionsSchema, type TokenizedDocument } from '@rivulet/core';
import type { HashingVectorizerOptions } from './hashingOptions.js';
import { hashingVectorize } from './hashingVectorize.js';

/** The hashing vectorizer's options, described for tools (`--help`, validation, `rivulet plugins`). */
export const HASHING_VECTORIZER_OPTION_SCHEMA: OptionsSchema<HashingVectorizerOptions> = {
  nFeatures: {
    type: 'integer',
    min: 1,
    max: 2 ** 31 - 1,
    default: 2 ** 20,
    description: 'number of hash buckets: the matrix has this many columns',
  },
  alternateSign: {
    type: 'boolean',
    default: true,
    description: 'sign each term by its hash so collisions cancel (set false for NMF)',
  },
  norm: { type: 'string', values: ['l1', 'l2', null], default: 'l2', description: 'row normalisation' },
  binary: { type: 'boolean', default: false, description: 'every non-zero becomes 1 before normalisation' },
  batchSize: {
    type: 'integer',
    min: 1,
    default: 1000,
    description: 'documents per emitted matrix when documents arrive one at a time',
  },
  maxTerms: {
    type: 'integer',
    min: 0,
    default: 100000,
    description: 'most buckets whose term is remembered for labelling (0: none)',
  },
  vocabulary: {
    type: 'object',
    codeOnly: true,
    description: 'the HashedVocabulary to fill (default: one per subscription)',
  },
};

/**
 * Plugin module of the hashing vectorizer: registers it as vectorizer `hashing` and makes
 * {@link hashingVectorize} with these options the active vectorizer. Stateless: no state to save.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { hashingVectorizerModule } from '@rivulet/vectorizer';
 * const rivulet = createContainer([tokenizerModule(), hashingVectorizerModule({ alternateSign: false })]);
 * ```
 */
export const hashingVectorizerModule = definePlugin<
  HashingVectorizerOptions,
  TokenizedDocument,
  DocTermMatrix
>({
  role: 'vectorizer',
  name: 'hashing',
  description: 'feature hashing (scikit-learn HashingVectorizer): stateless, streams in batches',
  options: HASHING_VECTORIZER_OPTION_SCHEMA,
  stage: (options) => hashingVectorize(options),
});
