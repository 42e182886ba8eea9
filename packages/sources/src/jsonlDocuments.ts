import type { TextDocument } from '@rivulet/core';
import {
  type JsonlOptions,
  parseJsonlRecord,
  type ResolvedJsonlOptions,
  resolveJsonlOptions,
  type SkippedLine,
} from './jsonlOptions.js';
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
  const skipped: SkippedLine[] = [];
  for await (const line of splitLines(open(resolved))) {
    if (line.text.trim().length === 0) continue;
    if (resolved.onError === 'stop') {
      yield parseJsonlRecord(stage, label, line.number, line.text, resolved);
      continue;
    }
    let doc: TextDocument | undefined;
    try {
      doc = parseJsonlRecord(stage, label, line.number, line.text, resolved);
    } catch (error) {
      const reason = (error as Error).message.replace(`${stage}: ${label}:${line.number}: `, '');
      const skip: SkippedLine = { source: label, line: line.number, reason };
      if (resolved.onSkip) resolved.onSkip(skip);
      else skipped.push(skip);
    }
    if (doc) yield doc;
  }
  if (skipped.length > 0) {
    const first = skipped[0];
    process.emitWarning(
      `${stage}: skipped ${skipped.length} malformed line(s) of ${label} (first: line ${first.line}: ${first.reason})`,
      { code: 'RIVULET_SKIPPED_LINES' },
    );
  }
}
