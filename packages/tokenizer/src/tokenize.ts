import type { Document, TokenizedDocument } from '@rivulet/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import type { Segmentation } from './Segmentation.js';
import {
  resolveTokenizerOptions,
  type SharedTokenizerOptions,
  type TokenizerOptions,
} from './TokenizerOptions.js';
import { tokenizeDocument } from './tokenizeDocument.js';

/**
 * Tokenizes a stream of documents: one `{ id, tokens }` out per document in, in order, as each arrives.
 * Options are validated when the stream is subscribed; a bad option or a malformed document errors the
 * stream with a RivuletError (`invalid-option` / `invalid-input`, stage `tokenize`).
 *
 * Words: scikit-learn's default `token_pattern` (two or more letters, digits or `_`; apostrophes and other
 * punctuation split words) for non-CJK text; `Intl.Segmenter('zh')` for CJK text, where single characters
 * are tokens. See {@link TokenizerOptions}.
 *
 * @example
 * ```ts
 * import { from } from 'rxjs';
 * import { tokenize } from '@rivulet/tokenizer';
 * from([{ id: 'a', text: "Don't panic" }]).pipe(tokenize()).subscribe(console.log);
 * // { id: 'a', tokens: ['don', 'panic'] }
 * ```
 * @param options see {@link TokenizerOptions}
 * @param segmentation what cuts CJK text into words (default `Intl.Segmenter`), see {@link Segmentation}
 * @return an operator from documents to tokenized documents
 */
export function tokenize(options?: TokenizerOptions): OperatorFunction<Document, TokenizedDocument>;
export function tokenize<O extends SharedTokenizerOptions>(
  options: O | undefined,
  segmentation: Segmentation<O>,
): OperatorFunction<Document, TokenizedDocument>;
export function tokenize<O extends SharedTokenizerOptions>(
  options?: O,
  segmentation?: Segmentation<O>,
): OperatorFunction<Document, TokenizedDocument> {
  return (source) =>
    defer(() => {
      const settings =
        segmentation === undefined
          ? resolveTokenizerOptions(options)
          : resolveTokenizerOptions(options, segmentation);
      let index = 0;
      return source.pipe(map((doc) => tokenizeDocument(doc, index++, settings)));
    });
}
