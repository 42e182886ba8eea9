import type { TextDocument } from '@rivulet/core';
import { jsonlLines } from './jsonlLines.js';
import { type JsonlOptions, type ResolvedJsonlOptions, resolveJsonlOptions } from './jsonlOptions.js';
import { readChunks } from './readChunks.js';
import { splitLines } from './splitLines.js';

/**
 * The documents of a JSON Lines file as a pull-based `AsyncIterable`: a chunk of the file is read only when
 * the consumer asks for more, and breaking out of `for await` closes the file. Blank lines are ignored.
 *
 * @example
 * ```ts
 * import { jsonlDocuments } from '@rivulet/sources';
 * for await (const doc of jsonlDocuments('data/en.jsonl', { textField: 'text' })) console.log(doc.id);
 * ```
 * @throws RivuletError `io` (cannot open or read the file), `invalid-input` (a malformed line, named
 *   `path:line`, under `onError: 'stop'`), `invalid-option`.
 */
export function jsonlDocuments(path: string, options?: JsonlOptions): AsyncIterable<TextDocument> {
  return {
    [Symbol.asyncIterator]: () =>
      parseJsonl(
        (o) => readChunks(path, 'jsonlDocuments', o.chunkSize, o.onProgress),
        path,
        options,
        'jsonlDocuments',
      ),
  };
}

/** Shared JSONL parsing over any chunk source; `open` is only called once iteration starts. */
export async function* parseJsonl(
  open: (options: ResolvedJsonlOptions) => AsyncIterable<Uint8Array | string>,
  label: string,
  options: JsonlOptions | undefined,
  stage: string,
): AsyncGenerator<TextDocument, void, undefined> {
  const resolved = resolveJsonlOptions(stage, options);
  const lines = jsonlLines(stage, label, resolved);
  const limit = { maxLength: resolved.maxLineLength, stage, label };
  for await (const line of splitLines(open(resolved), limit)) {
    const record = lines.take(line);
    if (record) yield record.document;
  }
  lines.finish();
}
