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
  // The partial line so far, as pieces: only each new chunk is searched for newlines and the pieces are
  // joined once when the line ends, so a line of any length costs time linear in its length.
  let partial: string[] = [];
  let number = 0;
  let first = true;
  const finish = (tail: string): string => {
    const line = partial.length === 0 ? tail : partial.join('') + tail;
    partial = [];
    return line;
  };
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      // A byte-order mark is an encoding artefact, not part of the first document.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = finish(text.slice(start, nl));
      yield { text: line.endsWith('\r') ? line.slice(0, -1) : line, number: ++number };
      start = nl + 1;
    }
    if (start < text.length) partial.push(text.slice(start));
  }
  const rest = finish(decoder.decode());
  if (rest.length > 0) {
    yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, number: ++number };
  }
}
