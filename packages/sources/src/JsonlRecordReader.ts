import { type JsonlRecord, jsonlLines } from './jsonlLines.js';
import type { ResolvedJsonlOptions } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';
import { TextDecoderByBom } from './TextDecoderByBom.js';

/**
 * Bytes in, JSONL records out through a callback: UTF-8 (or UTF-16 by its byte-order mark) decoding across
 * chunk boundaries, bounded line splitting
 * and the record rules of every JSONL reader. The synchronous and the callback readers feed it chunks
 * from a file or a stream; neither hops through a Promise per line.
 */
export class JsonlRecordReader {
  private readonly decoder = new TextDecoderByBom();
  private readonly splitter: LineSplitter;
  private readonly lines: ReturnType<typeof jsonlLines>;
  private readonly onRecord: (record: JsonlRecord) => void;

  constructor(
    stage: string,
    label: string,
    options: ResolvedJsonlOptions,
    onRecord: (record: JsonlRecord) => void,
  ) {
    this.lines = jsonlLines(stage, label, options);
    // The same line bound as every reader: an endless line is a limit error, not an endless string.
    this.splitter = new LineSplitter({ maxLength: options.maxLineLength, stage, label });
    this.onRecord = onRecord;
  }

  /** Parses the lines a chunk completes, calling `onRecord` for each record in order. */
  push(bytes: Uint8Array): void {
    for (const line of this.splitter.push(this.decoder.decode(bytes))) this.take(line);
  }

  /** The last line (without a newline), then the summary of skipped lines. */
  end(): void {
    const last = this.splitter.end(this.decoder.end());
    if (last) this.take(last);
    this.lines.finish();
  }

  private take(line: { text: string; number: number }): void {
    const record = this.lines.take(line);
    if (record) this.onRecord(record);
  }
}
