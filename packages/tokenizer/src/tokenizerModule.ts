import { type Document, definePlugin, type OptionsSchema, type TokenizedDocument } from '@rivulet/core';
import type { TokenizerOptions } from './TokenizerOptions.js';
import { tokenize } from './tokenize.js';
import { tokenSpans } from './tokenSpans.js';

/** The tokenizer's options, described for tools (`--help`, validation, `rivulet plugins`). */
export const TOKENIZER_OPTION_SCHEMA: OptionsSchema<TokenizerOptions> = {
  lang: {
    type: 'string',
    values: ['auto', 'en', 'zh'],
    default: 'auto',
    description:
      "'auto': Han/kana runs to Intl.Segmenter, the rest to the word pattern; 'en': pattern only; 'zh': segmenter only",
  },
  lowercase: { type: 'boolean', default: true, description: 'lower-case the text before anything else' },
  stopWords: {
    type: ['string[]', 'object'],
    values: ['en', 'zh', null],
    default: null,
    description: "words removed before n-grams: 'en', 'zh' or your own list",
  },
  ngram: {
    type: ['integer', 'object'],
    min: 1,
    default: 1,
    description: 'word n-grams: n, or [min, max] as scikit-learn ngram_range',
  },
  dictionary: {
    type: 'string[]',
    description: 'words kept whole when the segmenter splits them (e.g. 微信)',
  },
  chunkSize: {
    type: 'integer',
    min: 64,
    max: 32768,
    default: 4096,
    description: 'longest text, in UTF-16 units, given to Intl.Segmenter at once',
  },
};

/**
 * The tokenizer plugin (role `tokenizer`, name `default`): makes {@link tokenize} with these options the
 * active `TOKENIZER`, and registers its descriptor on `PLUGINS`. Options are validated when the stage's
 * stream is subscribed.
 *
 * @example
 * ```ts
 * import { createContainer, PIPELINE } from '@rivulet/core';
 * import { tokenizerModule } from '@rivulet/tokenizer';
 * const rivulet = createContainer([tokenizerModule({ lang: 'zh', stopWords: 'zh' }), vectorizerModule(), nmfMuModule({ components: 3 })]);
 * ```
 */
export const tokenizerModule = definePlugin<TokenizerOptions, Document, TokenizedDocument>({
  role: 'tokenizer',
  name: 'default',
  description:
    'Unicode words (scikit-learn token_pattern) and Intl.Segmenter for Chinese/Japanese, with a user dictionary, stop words and n-grams',
  options: TOKENIZER_OPTION_SCHEMA,
  stage: (options) => tokenize(options),
  // Chinese and Japanese words come from Intl.Segmenter, so they may change with the runtime's ICU.
  // Its tokens can go to a counter as spans of the text (see tokenSpans).
  capabilities: { segmentation: 'icu', tokenSpans: (options) => tokenSpans(options) },
});
