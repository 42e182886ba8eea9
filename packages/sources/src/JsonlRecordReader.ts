import { type JsonlRecord, jsonlLines } from './jsonlLines.js';
import type { ResolvedJsonlOptions } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';

/**
 * Bytes in, JSONL records out through a callback: UTF-8 decoding across chunk boundaries, line splitting
 * and the record rules of every JSONL reader. The synchronous and the callback readers feed it chunks
 * from a file or a stream; neither hops through a Promise per line.
 */
export class JsonlRecordReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly splitter = new LineSplitter();
  private readonly lines: ReturnType<typeof jsonlLines>;
  private readonly onRecord: (record: JsonlRecord) => void;

  constructor(
    stage: string,
    label: string,
    options: ResolvedJsonlOptions,
    onRecord: (record: JsonlRecord) => void,
  ) {
    this.lines = jsonlLines(stage, label, options);
    this.onRecord = onRecord;
  }

  /** Parses the lines a chunk completes, calling `onRecord` for each record in order. */
  push(bytes: Uint8Array): void {
    for (const line of this.splitter.push(this.decoder.decode(bytes, { stream: true }))) this.take(line);
  }

  /** The last line (without a newline), then the summary of skipped lines. */
  end(): void {
    const last = this.splitter.end(this.decoder.decode());
    if (last) this.take(last);
    this.lines.finish();
  }

  private take(line: { text: string; number: number }): void {
    const record = this.lines.take(line);
    if (record) this.onRecord(record);
  }
}
