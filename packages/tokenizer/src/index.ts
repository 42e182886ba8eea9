export { CHINESE_STOP_WORDS } from './CHINESE_STOP_WORDS.js';
export { createTokenizer } from './createTokenizer.js';
export { ENGLISH_STOP_WORDS } from './ENGLISH_STOP_WORDS.js';
export { TOKENIZER_OPTIONS, Tokenizer } from './Tokenizer.js';
export type { TokenizerOptions } from './TokenizerOptions.js';
export { tokenize } from './tokenize.js';
export { tokenizerModule } from './tokenizerModule.js';
