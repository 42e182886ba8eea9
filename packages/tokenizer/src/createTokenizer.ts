import { describeValue, RivuletError } from '@rivulet/core';
import type { Segmentation } from './Segmentation.js';
import {
  resolveTokenizerOptions,
  type SharedTokenizerOptions,
  type TokenizerOptions,
} from './TokenizerOptions.js';
import { tokenizeText } from './tokenizeText.js';

/**
 * A synchronous tokenizer: validates the options once (throwing an `invalid-option` RivuletError) and
 * returns a function from a text to its tokens, for callers outside a stream (a CLI, a fitted vectorizer
 * transforming new text).
 *
 * @example
 * ```ts
 * import { createTokenizer } from '@rivulet/tokenizer';
 * const tokens = createTokenizer({ dictionary: ['微信'] });
 * tokens('在 Debian 这种规模的项目中使用微信'); // ['在', 'debian', '这种', '规模', '的', '项目', '中', '使用', '微信']
 * ```
 * @param segmentation what cuts CJK text into words (default `Intl.Segmenter`), see {@link Segmentation}
 */
export function createTokenizer(options?: TokenizerOptions): (text: string) => string[];
export function createTokenizer<O extends SharedTokenizerOptions>(
  options: O | undefined,
  segmentation: Segmentation<O>,
): (text: string) => string[];
export function createTokenizer<O extends SharedTokenizerOptions>(
  options?: O,
  segmentation?: Segmentation<O>,
): (text: string) => string[] {
  const settings =
    segmentation === undefined
      ? resolveTokenizerOptions(options)
      : resolveTokenizerOptions(options, segmentation);
  return (text) => {
    if (typeof text !== 'string') {
      throw new RivuletError(
        'invalid-input',
        settings.stage,
        `text must be a string, got ${describeValue(text)}`,
        {
          parameter: 'text',
        },
      );
    }
    return tokenizeText(text, settings);
  };
}
