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
  let pending = '';
  let number = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      // A byte-order mark is an encoding artefact, not part of the first document.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    pending += text;
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
      const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: pending.slice(start, end), number: ++number };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) {
    yield { text: pending.endsWith('\r') ? pending.slice(0, -1) : pending, number: ++number };
  }
}
