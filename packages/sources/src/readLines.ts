import { knownOptions, type TextDocument } from '@rivulet/core';
import type { Observable } from 'rxjs';
import { fromAsyncIterable } from './fromAsyncIterable.js';
import { resolveChunkSize } from './jsonlOptions.js';
import { readChunks } from './readChunks.js';
import { splitLines } from './splitLines.js';

/** Options of {@link readLines}. */
export interface LinesOptions {
  /** Bytes read per pull. Default 65536. */
  readonly chunkSize?: number;
}

/**
 * A text file as one document per non-empty line (id = the 1-based line number in the file), as a cold
 * Observable read in chunks as it is consumed.
 *
 * @example
 * ```ts
 * import { readLines } from '@rivulet/sources';
 * readLines('corpus.txt').subscribe((d) => console.log(d.id, d.text));
 * ```
 * Errors: RivuletError `io` naming the path, `invalid-option`.
 */
export function readLines(path: string, options?: LinesOptions): Observable<TextDocument> {
  return fromAsyncIterable({ [Symbol.asyncIterator]: () => lineDocuments(path, options) });
}

async function* lineDocuments(
  path: string,
  options: LinesOptions | undefined,
): AsyncGenerator<TextDocument, void, undefined> {
  knownOptions('readLines', options, ['chunkSize']);
  const chunkSize = resolveChunkSize('readLines', options?.chunkSize);
  for await (const line of splitLines(readChunks(path, 'readLines', chunkSize))) {
    if (line.text.trim().length > 0) yield { id: String(line.number), text: line.text };
  }
}
