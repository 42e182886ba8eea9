import { type LineLimit, LineSplitter } from './LineSplitter.js';
import { TextDecoderByBom } from './TextDecoderByBom.js';

/** A line of text and its 1-based number in the input. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

/**
 * Splits a stream of UTF-8 bytes (UTF-16 after its byte-order mark; or strings) into lines, pulling one
 * chunk at a time so that only the current chunk and a partial line are held. `\n` and `\r\n` both end a
 * line; a final line without a newline is still a line. A multi-byte character split across chunks is
 * decoded whole. A line longer than `limit.maxLength` is a `limit` error (see {@link LineSplitter}).
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
  limit?: LineLimit,
): AsyncGenerator<NumberedLine, void, undefined> {
  const decoder = new TextDecoderByBom();
  const splitter = new LineSplitter(limit);
  for await (const chunk of chunks) {
    yield* splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
  }
  const last = splitter.end(decoder.end());
  if (last) yield last;
}
