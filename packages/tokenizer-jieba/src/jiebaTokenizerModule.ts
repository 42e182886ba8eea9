import { type Document, definePlugin, type OptionsSchema, type TokenizedDocument } from '@rivulet/core';
import { TOKENIZER_OPTION_SCHEMA, tokenSpans } from '@rivulet/tokenizer';
import type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';
import { JIEBA_SEGMENTATION } from './jiebaSegmentation.js';
import { tokenizeJieba } from './tokenizeJieba.js';

const { chunkSize: _, ...shared } = TOKENIZER_OPTION_SCHEMA;

/** The jieba tokenizer's options, described for tools: the default tokenizer's shared ones, and `hmm`. */
export const JIEBA_TOKENIZER_OPTION_SCHEMA: OptionsSchema<JiebaTokenizerOptions> = {
  ...shared,
  hmm: {
    type: 'boolean',
    default: true,
    description: "let jieba's hidden Markov model join unknown characters into new words",
  },
};

/**
 * The plugin (role `tokenizer`, name `jieba`): makes {@link tokenizeJieba} with these options the active
 * `TOKENIZER` and registers its descriptor on `PLUGINS`; `create(options)` takes the module's options
 * overridden key by key by the call's.
 *
 * @example
 * ```ts
 * import { createContainer, PIPELINE } from '@rivulet/core';
 * import { jiebaTokenizerModule } from '@rivulet/tokenizer-jieba';
 * const rivulet = createContainer([jiebaTokenizerModule({ stopWords: 'zh' }), vectorizerModule(), nmfCdModule({ components: 3 })]);
 * ```
 */
export const jiebaTokenizerModule = definePlugin<JiebaTokenizerOptions, Document, TokenizedDocument>({
  role: 'tokenizer',
  name: 'jieba',
  description:
    'Chinese words by jieba (@node-rs/jieba, its own dictionary), other text by the default word rule; user dictionary, stop words and n-grams',
  options: JIEBA_TOKENIZER_OPTION_SCHEMA,
  stage: (options) => tokenizeJieba(options),
  // jieba's dictionary ships with @node-rs/jieba: the words are the same on every runtime, whatever its ICU.
  // Its tokens can go to a counter as spans of the text, as the default tokenizer's do.
  capabilities: {
    segmentation: 'dictionary',
    tokenSpans: (options) => tokenSpans(options, JIEBA_SEGMENTATION),
  },
});
