import { closeSync, fstatSync, readSync } from 'node:fs';
import { invalidOption, knownOptions, type TextDocument } from '@rivulet/core';
import { resolveChunkSize, resolveMaxLineLength } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';
import type { ReadProgress } from './readChunks.js';
import type { LinesOptions } from './readLines.js';
import { checkUnchanged, ioError, openRegularFileSync } from './regularFile.js';
import type { NumberedLine } from './splitLines.js';
import { TextDecoderByBom } from './TextDecoderByBom.js';

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
  knownOptions(stage, options, ['chunkSize', 'onProgress', 'maxLineLength']);
  const maxLineLength = resolveMaxLineLength(stage, options?.maxLineLength);
  const chunkSize = resolveChunkSize(stage, options?.chunkSize);
  const onProgress = options?.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption(stage, 'onProgress', 'a function', onProgress);
  }
  if (typeof onLine !== 'function') invalidOption(stage, 'onLine', 'a function', onLine);
  eachLineSync(
    stage,
    path,
    chunkSize,
    onProgress,
    (line) => {
      if (line.text.trim().length > 0) onLine({ id: String(line.number), text: line.text });
    },
    maxLineLength,
  );
}

/**
 * Every line of a regular file, blank ones included, read synchronously in `chunkSize` reads and split by
 * the streaming readers' {@link LineSplitter} (same regular-file, line-length, UTF-16 and changed-file
 * rules as `readChunks`): the one loop behind {@link readLinesSync} and `readJsonlSync`.
 * @internal
 */
export function eachLineSync(
  stage: string,
  path: string,
  chunkSize: number,
  onProgress: ((progress: ReadProgress) => void) | undefined,
  onLine: (line: NumberedLine) => void,
  maxLineLength?: number,
): void {
  const splitter = new LineSplitter({ maxLength: maxLineLength, stage, label: path });
  const { fd, stats } = openRegularFileSync(path, stage);
  try {
    const totalBytes = stats.size;
    const decoder = new TextDecoderByBom();
    const buffer = new Uint8Array(chunkSize);
    let bytesRead = 0;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw ioError(stage, path, error);
      }
      if (bytes === 0) {
        // Before the last line: a file cut short must not end in a torn (or unparsable) last record.
        checkUnchanged(stage, path, stats, fstatSync(fd), bytesRead);
        break;
      }
      bytesRead += bytes;
      for (const line of splitter.push(decoder.decode(buffer.subarray(0, bytes)))) onLine(line);
      onProgress?.({ bytesRead, totalBytes });
    }
    const last = splitter.end(decoder.end());
    if (last) onLine(last);
  } finally {
    closeSync(fd);
  }
}
