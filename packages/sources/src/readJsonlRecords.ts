import { invalidOption } from '@rivulet/core';
import { JsonlRecordReader } from './JsonlRecordReader.js';
import type { JsonlRecord } from './jsonlLines.js';
import { type JsonlOptions, resolveJsonlOptions } from './jsonlOptions.js';
import { readChunks, STDIN } from './readChunks.js';

/** Errors carry the streaming reader's stage name: the messages are the same whichever form read a file. */
const STAGE = 'readJsonl';

/**
 * Reads a JSON Lines corpus to its end, calling `onRecord` for each record as its line completes — the
 * form for a caller that counts documents as they arrive and keeps none (a command fitting a vectorizer).
 * It reads what {@link readJsonl} reads, with the same record rules, options and messages: a file, a
 * `.gz` file decompressed as it streams, or standard input for `-`; one `await` per chunk (default 64 KiB)
 * rather than per line. `onRecord` also gets the record's own parsed fields, so other fields (a label)
 * come from the same parse; an exception it throws ends the reading and rejects.
 *
 * @example
 * ```ts
 * import { readJsonlRecords } from '@rivulet/sources';
 * await readJsonlRecords('corpus.jsonl.gz', {}, ({ document }) => console.log(document.id));
 * ```
 * @throws (rejects with) RivuletError `io` (cannot open or read the file), `invalid-input` (a malformed
 *   line, named `path:line`, under `onError: 'stop'`; a `.gz` file that is not gzip), `invalid-option`.
 */
export async function readJsonlRecords(
  path: string,
  options: JsonlOptions | undefined,
  onRecord: (record: JsonlRecord) => void,
): Promise<void> {
  if (typeof path !== 'string') invalidOption(STAGE, 'path', 'a file path string', path);
  const resolved = resolveJsonlOptions(STAGE, options);
  if (typeof onRecord !== 'function') invalidOption(STAGE, 'onRecord', 'a function', onRecord);
  const reader = new JsonlRecordReader(STAGE, path === STDIN ? 'stdin' : path, resolved, onRecord);
  for await (const chunk of readChunks(path, STAGE, resolved.chunkSize, resolved.onProgress))
    reader.push(chunk);
  reader.end();
}
