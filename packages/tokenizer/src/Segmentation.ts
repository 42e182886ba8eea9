import type { SharedTokenizerOptions, SharedTokenizerSettings } from './TokenizerOptions.js';

/**
 * Appends the words of one run of CJK text (hard wraps already undone, lower-cased when `lowercase` is on)
 * to `out`. Words hold no white space and pass {@link isSegmentWord} (a CJK character, or two letters or
 * numbers), as the default segmenter's do.
 */
export type Segmenter = (text: string, out: string[]) => void;

/**
 * A way of cutting CJK text into words, for a tokenizer that keeps every other rule of this package:
 * lower-casing, the word pattern for the rest of the text, hard-wrap undoing, stop words and n-grams. The
 * default is {@link ICU_SEGMENTATION} (`Intl.Segmenter`); `@rivulet/tokenizer-jieba` supplies jieba. Pass
 * one to {@link tokenize}, {@link createTokenizer} or {@link resolveTokenizerOptions} as the second
 * argument.
 *
 * @example
 * ```ts
 * import { createTokenizer, isSegmentWord, type Segmentation, type SharedTokenizerOptions } from '@rivulet/tokenizer';
 * // Every CJK character a word of its own (a unigram baseline).
 * const chars: Segmentation<SharedTokenizerOptions> = {
 *   stage: 'tokenize-chars',
 *   segmenterName: 'single characters',
 *   options: [],
 *   create: () => (text, out) => { for (const c of text) if (isSegmentWord(c)) out.push(c); },
 * };
 * createTokenizer({}, chars)('微信支付'); // ['微', '信', '支', '付']
 * ```
 */
export interface Segmentation<O extends SharedTokenizerOptions> {
  /** The stage named in error messages, e.g. `tokenize-jieba`. */
  readonly stage: string;
  /** What segments, in messages: `Intl.Segmenter`, `jieba`. */
  readonly segmenterName: string;
  /** The option names it reads itself, beyond the shared ones; any other name is an unknown option. */
  readonly options: readonly string[];
  /**
   * Validates its own options (throwing an `invalid-option` RivuletError naming `shared.stage`) and builds
   * the segmenter; `shared.dictionary` holds the user's words to keep whole.
   */
  create(options: O, shared: SharedTokenizerSettings): Segmenter;
}
