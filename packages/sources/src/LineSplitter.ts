import type { NumberedLine } from './splitLines.js';

/**
 * Splits text that arrives in pieces into numbered lines, for the streaming and the synchronous readers
 * alike. `\n` and `\r\n` both end a line; a leading byte-order mark is dropped. Only each new piece is
 * searched for newlines and a line's pieces are joined once, so a line of any length costs time linear
 * in its length.
 */
export class LineSplitter {
  private partial: string[] = [];
  private number = 0;
  private first = true;

  /** Feeds the next piece of text; returns the lines it completes, in order. */
  push(text: string): NumberedLine[] {
    if (this.first && text.length > 0) {
      // A byte-order mark is an encoding artefact, not part of the first document.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    const lines: NumberedLine[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      lines.push(this.line(text.slice(start, nl)));
      start = nl + 1;
    }
    if (start < text.length) this.partial.push(text.slice(start));
    return lines;
  }

  /** Ends the input: the last line, when it had no newline. */
  end(tail = ''): NumberedLine | undefined {
    if (tail.length > 0) this.partial.push(tail);
    return this.partial.length > 0 ? this.line('') : undefined;
  }

  private line(tail: string): NumberedLine {
    const text = this.partial.length === 0 ? tail : this.partial.join('') + tail;
    this.partial = [];
    return { text: text.endsWith('\r') ? text.slice(0, -1) : text, number: ++this.number };
  }
}
