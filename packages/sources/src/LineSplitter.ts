import { lineTooLong, MAX_LINE_LENGTH } from './regularFile.js';
import type { NumberedLine } from './splitLines.js';

/** How long a line may be, and how a longer one is named in the error. */
export interface LineLimit {
  /** Characters per line. Default {@link MAX_LINE_LENGTH}. */
  readonly maxLength?: number;
  /** The stage and the file (or stream label) an error names: `readJsonl: corpus.jsonl:7: …`. */
  readonly stage: string;
  readonly label: string;
}

/**
 * Splits text that arrives in pieces into numbered lines, for the streaming and the synchronous readers
 * alike. `\n` and `\r\n` both end a line; a leading byte-order mark is dropped. Only each new piece is
 * searched for newlines and a line's pieces are joined once, so a line of any length costs time linear
 * in its length. A line longer than the limit is a `limit` error naming `label:line` as soon as the
 * limit is passed, so an endless input without newlines holds at most one limit's worth of text.
 */
export class LineSplitter {
  private partial: string[] = [];
  private partialLength = 0;
  private number = 0;
  private first = true;
  private readonly maxLength: number;

  constructor(private readonly limit?: LineLimit) {
    this.maxLength = limit?.maxLength ?? MAX_LINE_LENGTH;
  }

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
      this.check(nl - start);
      lines.push(this.line(text.slice(start, nl)));
      start = nl + 1;
    }
    if (start < text.length) {
      this.check(text.length - start);
      this.partial.push(text.slice(start));
      this.partialLength += text.length - start;
    }
    return lines;
  }

  /** Ends the input: the last line, when it had no newline. */
  end(tail = ''): NumberedLine | undefined {
    if (tail.length > 0) {
      this.check(tail.length);
      this.partial.push(tail);
    }
    return this.partial.length > 0 ? this.line('') : undefined;
  }

  /** Throws when the current line would pass the limit with `more` characters (a `\r` included). */
  private check(more: number): void {
    if (this.partialLength + more <= this.maxLength + 1) return;
    throw lineTooLong(
      this.limit?.stage ?? 'readLines',
      this.limit?.label ?? 'input',
      this.number + 1,
      this.maxLength,
    );
  }

  private line(tail: string): NumberedLine {
    const text = this.partial.length === 0 ? tail : this.partial.join('') + tail;
    this.partial = [];
    this.partialLength = 0;
    return { text: text.endsWith('\r') ? text.slice(0, -1) : text, number: ++this.number };
  }
}
