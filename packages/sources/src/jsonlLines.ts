import { parseJsonlFields, type ResolvedJsonlOptions, type SkippedLine } from './jsonlOptions.js';
import type { NumberedLine } from './splitLines.js';

/** A parsed JSONL line: the document and the record's own fields. */
export interface JsonlRecord {
  readonly document: { readonly id: string; readonly text: string };
  readonly fields: Readonly<Record<string, unknown>>;
  /** 1-based line number in the file. */
  readonly line: number;
}

/**
 * The line policy shared by every JSONL reader: blank lines are ignored; a malformed line throws under
 * `onError: 'stop'`, and under `'skip'` is reported to `onSkip` (or, without it, counted into one warning
 * emitted by `finish`).
 */
export function jsonlLines(stage: string, label: string, options: ResolvedJsonlOptions) {
  const skipped: SkippedLine[] = [];
  const record = (line: NumberedLine): JsonlRecord => {
    const { document, fields } = parseJsonlFields(stage, label, line.number, line.text, options);
    return { document, fields, line: line.number };
  };
  return {
    /** The record on `line`, or undefined for a blank or skipped line. */
    take(line: NumberedLine): JsonlRecord | undefined {
      if (isBlank(line.text)) return undefined;
      if (options.onError === 'stop') return record(line);
      try {
        return record(line);
      } catch (error) {
        const reason = (error as Error).message.replace(`${stage}: ${label}:${line.number}: `, '');
        const skip: SkippedLine = { source: label, line: line.number, reason };
        if (options.onSkip) options.onSkip(skip);
        else skipped.push(skip);
        return undefined;
      }
    },
    /** Emits the summary warning for skipped lines nobody was told about. */
    finish(): void {
      if (skipped.length === 0) return;
      const first = skipped[0];
      process.emitWarning(
        `${stage}: skipped ${skipped.length} malformed line(s) of ${label} (first: line ${first.line}: ${first.reason})`,
        { code: 'RIVULET_SKIPPED_LINES' },
      );
    },
  };
}

/**
 * Whether a line holds only white space (as `trim` sees it). A record line starts with `{`, which settles
 * it at the first character instead of trimming a copy of every line.
 */
function isBlank(text: string): boolean {
  return text.length === 0 || (text.charCodeAt(0) !== 0x7b && text.trim().length === 0);
}
