export { JIEBA_TOKENIZER_OPTIONS, JiebaTokenizer } from './JiebaTokenizer.js';
export type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';
export { JIEBA_SEGMENTATION } from './jiebaSegmentation.js';
export { JIEBA_TOKENIZER_OPTION_SCHEMA, jiebaTokenizerModule } from './jiebaTokenizerModule.js';
export { createJiebaTokenizer, tokenizeJieba } from './tokenizeJieba.js';
