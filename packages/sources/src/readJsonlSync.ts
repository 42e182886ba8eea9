import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { invalidOption } from '@rivulet/core';
import { type JsonlRecord, jsonlLines } from './jsonlLines.js';
import { type JsonlOptions, resolveJsonlOptions } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';
import { ioError } from './readChunks.js';

/** Errors carry the streaming reader's stage name: the messages are the same whichever form read a file. */
const STAGE = 'readJsonl';

/**
 * The synchronous form of {@link readJsonl}, for a caller that keeps every document anyway (a command
 * reading a whole corpus): one pass over the file in `chunkSize` reads (default 64 KiB), with the same
 * record rules, options and messages, and without the per-line asynchronous hops of a pull-based stream
 * (which cost about three times the JSON parsing on a corpus of short documents). `onRecord` also gets
 * the record's own parsed fields, so other fields (a label) come from the same parse.
 *
 * @example
 * ```ts
 * import { readJsonlSync } from '@rivulet/sources';
 * readJsonlSync('data/en.jsonl', {}, ({ document, fields }) => console.log(document.id, fields.source));
 * ```
 * @throws RivuletError `io` (cannot open or read the file), `invalid-input` (a malformed line, named
 *   `path:line`, under `onError: 'stop'`), `invalid-option`.
 */
export function readJsonlSync(
  path: string,
  options: JsonlOptions | undefined,
  onRecord: (record: JsonlRecord) => void,
): void {
  if (typeof path !== 'string') invalidOption(STAGE, 'path', 'a file path string', path);
  const resolved = resolveJsonlOptions(STAGE, options);
  if (typeof onRecord !== 'function') invalidOption(STAGE, 'onRecord', 'a function', onRecord);
  const lines = jsonlLines(STAGE, path, resolved);
  const splitter = new LineSplitter();
  const take = (line: { text: string; number: number }) => {
    const record = lines.take(line);
    if (record) onRecord(record);
  };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw ioError(STAGE, path, error);
  }
  try {
    const totalBytes = resolved.onProgress ? fstatSync(fd).size : 0;
    const decoder = new TextDecoder('utf-8');
    const buffer = new Uint8Array(resolved.chunkSize);
    let bytesRead = 0;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw ioError(STAGE, path, error);
      }
      if (bytes === 0) break;
      bytesRead += bytes;
      for (const line of splitter.push(decoder.decode(buffer.subarray(0, bytes), { stream: true })))
        take(line);
      resolved.onProgress?.({ bytesRead, totalBytes });
    }
    const last = splitter.end(decoder.decode());
    if (last) take(last);
  } finally {
    closeSync(fd);
  }
  lines.finish();
}
