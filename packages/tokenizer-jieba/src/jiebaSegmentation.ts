import { booleanOption } from '@rivulet/core';
import { isSegmentWord, type Segmentation } from '@rivulet/tokenizer';
import type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';
import { jiebaInstance } from './jiebaInstance.js';

/**
 * Chinese words by jieba (Sun Junyi's 结巴分词: a prefix dictionary turned into a DAG of candidate words,
 * the path of highest probability by dynamic programming, and an HMM for unknown words), through the
 * Rust port jieba-rs as built by @node-rs/jieba. Its dictionary (349,045 words) ships inside that npm
 * package, so the words do not depend on the runtime's ICU. User dictionary words are added to jieba's
 * dictionary (see `USER_WORD_FREQUENCY`) instead of being merged afterwards.
 */
export const JIEBA_SEGMENTATION: Segmentation<JiebaTokenizerOptions> = {
  stage: 'tokenize-jieba',
  segmenterName: 'jieba',
  options: ['hmm'],
  create(options, shared) {
    const hmm = options.hmm === undefined ? true : booleanOption(shared.stage, 'hmm', options.hmm);
    // Built when the tokenizer is, not per text, so its cost is paid once and errors surface early.
    const jieba = jiebaInstance(shared.dictionary);
    return (text, out) => {
      // jieba returns spaces, punctuation and single Latin letters as pieces too; the default tokenizer's
      // rule for what a segment must hold to be a token applies to its words as well.
      for (const word of jieba.cut(text, hmm)) if (isSegmentWord(word)) out.push(word);
    };
  },
};
