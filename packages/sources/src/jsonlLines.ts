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
  return {
    /** The record on `line`, or undefined for a blank or skipped line. */
    take(line: NumberedLine): JsonlRecord | undefined {
      if (line.text.trim().length === 0) return undefined;
      if (options.onError === 'stop') {
        return { ...parseJsonlFields(stage, label, line.number, line.text, options), line: line.number };
      }
      try {
        return { ...parseJsonlFields(stage, label, line.number, line.text, options), line: line.number };
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
