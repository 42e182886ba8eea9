import { LineSplitter } from './LineSplitter.js';

/** A line of text and its 1-based number in the input. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

/**
 * Splits a stream of UTF-8 bytes (or strings) into lines, pulling one chunk at a time so that only the
 * current chunk and a partial line are held. `\n` and `\r\n` both end a line; a final line without a
 * newline is still a line. A multi-byte character split across chunks is decoded whole.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<NumberedLine, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    yield* splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  const last = splitter.end(decoder.decode());
  if (last) yield last;
}
