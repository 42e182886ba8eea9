export { CHINESE_STOP_WORDS } from './CHINESE_STOP_WORDS.js';
export { createTokenizer } from './createTokenizer.js';
export { ENGLISH_STOP_WORDS } from './ENGLISH_STOP_WORDS.js';
export { ICU_SEGMENTATION } from './icuSegmentation.js';
export type { Segmentation, Segmenter } from './Segmentation.js';
export { isSegmentWord } from './scanWords.js';
export { TOKENIZER_OPTIONS, Tokenizer } from './Tokenizer.js';
export type {
  SharedTokenizerOptions,
  SharedTokenizerSettings,
  TokenizerOptions,
  TokenizerSettings,
} from './TokenizerOptions.js';
export { resolveTokenizerOptions, SHARED_OPTIONS } from './TokenizerOptions.js';
export { tokenize } from './tokenize.js';
export { TOKENIZER_OPTION_SCHEMA, tokenizerModule } from './tokenizerModule.js';
export { tokenSpans } from './tokenSpans.js';
