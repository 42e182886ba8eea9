import type { Document, TokenizedDocument } from '@rivulet/core';
import { createTokenizer, tokenize } from '@rivulet/tokenizer';
import type { OperatorFunction } from 'rxjs';
import type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';
import { JIEBA_SEGMENTATION } from './jiebaSegmentation.js';

/**
 * `@rivulet/tokenizer`'s `tokenize` with jieba cutting the Chinese text: one `{ id, tokens }` out per
 * document in, in order. Options are validated when the stream is subscribed; errors (stage
 * `tokenize-jieba`) travel down the error channel.
 *
 * @example
 * ```ts
 * import { from } from 'rxjs';
 * import { tokenizeJieba } from '@rivulet/tokenizer-jieba';
 * from([{ id: 'a', text: '启动守护进程与客户端' }]).pipe(tokenizeJieba()).subscribe(console.log);
 * // { id: 'a', tokens: ['启动', '守护', '进程', '与', '客户端'] }
 * ```
 */
export function tokenizeJieba(
  options?: JiebaTokenizerOptions,
): OperatorFunction<Document, TokenizedDocument> {
  return tokenize(options, JIEBA_SEGMENTATION);
}

/**
 * The synchronous form: validates the options once (throwing) and returns a function from a text to its
 * tokens.
 *
 * @example
 * ```ts
 * import { createJiebaTokenizer } from '@rivulet/tokenizer-jieba';
 * createJiebaTokenizer({ dictionary: ['守护进程'] })('启动守护进程'); // ['启动', '守护进程']
 * ```
 */
export function createJiebaTokenizer(options?: JiebaTokenizerOptions): (text: string) => string[] {
  return createTokenizer(options, JIEBA_SEGMENTATION);
}
