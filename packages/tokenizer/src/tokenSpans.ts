import type { SpanTokenizer } from '@rivulet/core';
import type { Segmentation } from './Segmentation.js';
import {
  resolveTokenizerOptions,
  type SharedTokenizerOptions,
  type TokenizerOptions,
} from './TokenizerOptions.js';
import { tokenizeDocumentInto } from './tokenizeDocument.js';

/**
 * The tokenizer as a span tokenizer (core's `SpanTokenizer`, the tokenizer plugin's `tokenSpans`
 * capability): validates the options once (throwing an `invalid-option` RivuletError) and returns a
 * function that hands the tokens of one document to a `TokenSink` — the tokens {@link tokenize} emits for
 * it, in order, with the same errors — and returns its id. Without n-grams the pattern's words go over as
 * spans of the lower-cased text and stop words are looked up by span, so a counter that numbers spans
 * (`@rivulet/vectorizer`'s `fitSpans`) never makes a string per token.
 *
 * @example
 * ```ts
 * import { tokenSpans } from '@rivulet/tokenizer';
 * const tokens: string[] = [];
 * tokenSpans({ stopWords: 'en' })({ id: 'a', text: 'The Red Fox' }, 0, {
 *   token: (text, start, end) => tokens.push(text.slice(start, end)),
 * }); // 'a'
 * tokens; // ['red', 'fox']
 * ```
 * @param segmentation what cuts CJK text into words (default `Intl.Segmenter`), see {@link Segmentation}
 */
export function tokenSpans(options?: TokenizerOptions): SpanTokenizer;
export function tokenSpans<O extends SharedTokenizerOptions>(
  options: O | undefined,
  segmentation: Segmentation<O>,
): SpanTokenizer;
export function tokenSpans<O extends SharedTokenizerOptions>(
  options?: O,
  segmentation?: Segmentation<O>,
): SpanTokenizer {
  const settings =
    segmentation === undefined
      ? resolveTokenizerOptions(options)
      : resolveTokenizerOptions(options, segmentation);
  return (doc, index, sink) => tokenizeDocumentInto(doc, index, settings, sink);
}
