import type { SharedTokenizerOptions } from '@rivulet/tokenizer';

/**
 * Options of the jieba tokenizer: those of `@rivulet/tokenizer` (`lang`, `lowercase`, `stopWords`,
 * `ngram`, `dictionary`, with the same meaning and defaults) and jieba's `hmm`.
 *
 * @example
 * ```ts
 * import { createJiebaTokenizer } from '@rivulet/tokenizer-jieba';
 * createJiebaTokenizer({ stopWords: 'zh', dictionary: ['守护进程'], hmm: false });
 * ```
 */
export interface JiebaTokenizerOptions extends SharedTokenizerOptions {
  /**
   * Let jieba's hidden Markov model join runs of characters its dictionary does not know into new words
   * (names, new coinages), as `jieba.cut(text, HMM=True)` does; default `true`, jieba's own default.
   */
  readonly hmm?: boolean;
}
