import {
  type DocTermMatrix,
  definePlugin,
  type OptionsSchema,
  type PlainState,
  type TokenizedDocument,
} from '@rivulet/core';
import { FittedVectorizer } from './FittedVectorizer.js';
import { resolveOptions, type VectorizerOptions } from './VectorizerOptions.js';
import { fitSpans, vectorize } from './vectorize.js';

const documentFrequency = (what: string, fallback: number) =>
  ({
    type: ['number', 'object'],
    min: 0,
    default: fallback,
    description: `${what}: an integer count, a proportion in [0, 1] as a float, or { count } / { proportion }`,
  }) as const;

/** The vectorizer's options, described for tools (`--help`, validation, `rivulet plugins`). */
export const VECTORIZER_OPTION_SCHEMA: OptionsSchema<VectorizerOptions> = {
  weighting: {
    type: 'string',
    values: ['binary', 'count', 'tfidf'],
    default: 'tfidf',
    description: 'binary (CountVectorizer binary=True), count (CountVectorizer) or tfidf (TfidfVectorizer)',
  },
  minDf: documentFrequency('drop terms found in fewer documents than this', 1),
  maxDf: documentFrequency('drop terms found in more documents than this', 1.0),
  maxFeatures: {
    type: 'integer',
    min: 1,
    values: [null],
    default: null,
    description: 'keep only this many terms, the most frequent over the corpus',
  },
  norm: {
    type: 'string',
    values: ['l1', 'l2', null],
    default: "'l2' for tfidf, else null",
    description: 'row normalisation',
  },
  smoothIdf: { type: 'boolean', default: true, description: 'tfidf: idf = ln((1 + n) / (1 + df)) + 1' },
  sublinearTf: { type: 'boolean', default: false, description: 'tfidf: tf = 1 + ln(count)' },
};

/**
 * The plugin module of the default vectorizer: registers the `default` vectorizer plugin and makes
 * {@link vectorize}, with `options`, the active `VECTORIZER`. Options are validated when the stage is
 * applied, so a bad option reaches the subscriber as an `invalid-option` error. Its state is the
 * {@link FittedVectorizer} of a run's matrix; `transform` turns new tokenized documents into rows over the
 * same vocabulary.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { vectorizerModule } from '@rivulet/vectorizer';
 * const rivulet = createContainer([vectorizerModule({ weighting: 'tfidf', minDf: 2 })]);
 * ```
 */
export const vectorizerModule = definePlugin<
  VectorizerOptions,
  TokenizedDocument,
  DocTermMatrix,
  FittedVectorizer,
  Iterable<TokenizedDocument>,
  DocTermMatrix
>({
  role: 'vectorizer',
  name: 'default',
  description: 'Vocabulary + binary/count/TF-IDF document-term matrix with scikit-learn semantics',
  options: VECTORIZER_OPTION_SCHEMA,
  stage: (options) => vectorize(options),
  capabilities: {
    state: {
      capture: (matrix, options) =>
        new FittedVectorizer(matrix.vocabulary, matrix.weighting, resolveOptions(options)),
      save: (fitted) => fitted.toJSON() as unknown as PlainState,
      load: (data) => FittedVectorizer.fromJSON(data),
    },
    transform: (fitted, docs) => fitted.transform(docs),
    fitSpans: (documents, tokenizer, options) => fitSpans(documents, tokenizer, options),
  },
});
