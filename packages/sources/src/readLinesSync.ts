import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { invalidOption, knownOptions, type TextDocument } from '@rivulet/core';
import { resolveChunkSize } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';
import { ioError, type ReadProgress } from './readChunks.js';
import type { LinesOptions } from './readLines.js';
import type { NumberedLine } from './splitLines.js';

/**
 * The synchronous form of {@link readLines}, for a caller that keeps what it reads anyway (a Matrix
 * Market reader filling a matrix): one document per non-empty line, id = the 1-based line number in the
 * file (blank lines count), in one pass of `chunkSize` reads without a per-line asynchronous hop.
 *
 * @example
 * ```ts
 * import { readLinesSync } from '@rivulet/sources';
 * readLinesSync('corpus.txt', {}, ({ id, text }) => console.log(id, text));
 * ```
 * @throws RivuletError `io` naming the path, `invalid-option`; and whatever `onLine` throws.
 */
export function readLinesSync(
  path: string,
  options: LinesOptions | undefined,
  onLine: (line: TextDocument) => void,
): void {
  const stage = 'readLines';
  if (typeof path !== 'string') invalidOption(stage, 'path', 'a file path string', path);
  knownOptions(stage, options, ['chunkSize', 'onProgress']);
  const chunkSize = resolveChunkSize(stage, options?.chunkSize);
  const onProgress = options?.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption(stage, 'onProgress', 'a function', onProgress);
  }
  if (typeof onLine !== 'function') invalidOption(stage, 'onLine', 'a function', onLine);
  eachLineSync(stage, path, chunkSize, onProgress, (line) => {
    if (line.text.trim().length > 0) onLine({ id: String(line.number), text: line.text });
  });
}

/**
 * Every line of a file, blank ones included, read synchronously in `chunkSize` reads and split by the
 * streaming readers' {@link LineSplitter}: the one loop behind {@link readLinesSync} and `readJsonlSync`.
 * @internal
 */
export function eachLineSync(
  stage: string,
  path: string,
  chunkSize: number,
  onProgress: ((progress: ReadProgress) => void) | undefined,
  onLine: (line: NumberedLine) => void,
): void {
  const splitter = new LineSplitter();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw ioError(stage, path, error);
  }
  try {
    const totalBytes = onProgress ? fstatSync(fd).size : 0;
    const decoder = new TextDecoder('utf-8');
    const buffer = new Uint8Array(chunkSize);
    let bytesRead = 0;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw ioError(stage, path, error);
      }
      if (bytes === 0) break;
      bytesRead += bytes;
      for (const line of splitter.push(decoder.decode(buffer.subarray(0, bytes), { stream: true })))
        onLine(line);
      onProgress?.({ bytesRead, totalBytes });
    }
    const last = splitter.end(decoder.decode());
    if (last) onLine(last);
  } finally {
    closeSync(fd);
  }
}
