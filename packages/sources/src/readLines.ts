import { invalidOption, knownOptions, type TextDocument } from '@rivulet/core';
import type { Observable } from 'rxjs';
import { pullObservable } from './internal/pullObservable.js';
import { resolveChunkSize, resolveMaxLineLength } from './jsonlOptions.js';
import { type ReadProgress, readChunks } from './readChunks.js';
import { splitLines } from './splitLines.js';

/** Options of {@link readLines}. */
export interface LinesOptions {
  /** Bytes read per pull. Default 65536. */
  readonly chunkSize?: number;
  /** Called after each chunk is read, with the bytes read so far and the file's size. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** The longest line accepted, in characters; a longer one is a `limit` error. Default 64 Mi. */
  readonly maxLineLength?: number;
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
 * Errors: RivuletError `io` naming the path (also for a file changed while read), `invalid-input` for a
 * device, FIFO or socket, `limit` for a line over `maxLineLength` (`readLines: a.txt:3: …`), `invalid-option`.
 */
export function readLines(path: string, options?: LinesOptions): Observable<TextDocument> {
  return pullObservable((signal) => lineDocuments(path, options, signal));
}

async function* lineDocuments(
  path: string,
  options: LinesOptions | undefined,
  signal: AbortSignal,
): AsyncGenerator<TextDocument, void, undefined> {
  knownOptions('readLines', options, ['chunkSize', 'onProgress', 'maxLineLength']);
  const maxLength = resolveMaxLineLength('readLines', options?.maxLineLength);
  const chunkSize = resolveChunkSize('readLines', options?.chunkSize);
  const onProgress = options?.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption('readLines', 'onProgress', 'a function', onProgress);
  }
  const chunks = readChunks(path, 'readLines', chunkSize, onProgress, signal);
  for await (const line of splitLines(chunks, { maxLength, stage: 'readLines', label: path })) {
    if (line.text.trim().length > 0) yield { id: String(line.number), text: line.text };
  }
}
