import { invalidOption } from '@rivulet/core';
import { type JsonlRecord, jsonlLines } from './jsonlLines.js';
import { type JsonlOptions, resolveJsonlOptions } from './jsonlOptions.js';
import { eachLineSync } from './readLinesSync.js';

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
  eachLineSync(
    STAGE,
    path,
    resolved.chunkSize,
    resolved.onProgress,
    (line) => {
      const record = lines.take(line);
      if (record) onRecord(record);
    },
    resolved.maxLineLength,
  );
  lines.finish();
}
