import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { invalidOption, RivuletError } from '@rivulet/core';
import { checkUnchanged, ioError, openRegularFile } from './regularFile.js';

export { ioError } from './regularFile.js';

/** Bytes read per pull: large enough for throughput, small enough that memory stays flat. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

/** How far reading a file has got, for progress bars. */
export interface ReadProgress {
  readonly bytesRead: number;
  /** The file's size when it was opened. */
  readonly totalBytes: number;
}

/** The path that names standard input: the one argument a reader takes that is not a file. */
export const STDIN = '-';

/** Whether a path is read through gzip decompression: by its `.gz` suffix (case-insensitive). */
export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/**
 * The bytes of a regular file, one chunk per pull. Nothing is read until the consumer asks for the next
 * chunk, and the file handle is closed as soon as iteration ends, fails, is abandoned (`return()`) or
 * `signal` aborts (checked before each chunk). A device, FIFO or socket is refused before any byte is
 * read, and a file that changed while it was read (truncated, appended, rewritten) is an error at its end.
 *
 * Two paths are not plain files: `-` is standard input (read to its end; `totalBytes` is 0), and a path
 * ending in `.gz` is decompressed as it streams (gzip, concatenated members included; progress counts the
 * compressed bytes, so it reaches the file's size).
 * ending in `.gz` is decompressed as it streams (gzip, concatenated members included; progress counts the
 * compressed bytes, so it reaches the file's size); a `.gz` file must be a regular file too.
 *
 * @throws RivuletError `io` naming the path when the file cannot be opened or read or changed while read;
 * `invalid-input` when it is not a regular file or a `.gz` file is not valid gzip; `invalid-option` when
 * `path` is not a string.
 */
export async function* readChunks(
  path: string,
  stage: string,
  chunkSize = DEFAULT_CHUNK_SIZE,
  onProgress?: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  // A JavaScript caller's non-string path is a mistake in the call, not a file that could not be read.
  if (typeof path !== 'string') invalidOption(stage, 'path', 'a file path string', path);
  if (path === STDIN) {
    yield* streamChunks(process.stdin, null, 'standard input', stage, onProgress, signal, 0);
    return;
  }
  if (isGzipPath(path)) {
    yield* gzipChunks(path, stage, chunkSize, onProgress, signal);
    return;
  }
  const { handle, stats } = await openRegularFile(path, stage);
  try {
    const totalBytes = stats.size;
    let bytesSoFar = 0;
    for (;;) {
      // Checked per chunk: a consumer that has gone must not wait for the end of a long line.
      if (signal?.aborted) return;
      // A fresh buffer per chunk: the consumer may keep a view of the previous one.
      const buffer = new Uint8Array(chunkSize);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
      } catch (error) {
        throw ioError(stage, path, error);
      }
      if (bytesRead === 0) {
        checkUnchanged(stage, path, stats, await handle.stat(), bytesSoFar);
        return;
      }
      bytesSoFar += bytesRead;
      onProgress?.({ bytesRead: bytesSoFar, totalBytes });
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** A `.gz` file through zlib's streaming gunzip, `chunkSize` compressed bytes per read. */
async function* gzipChunks(
  path: string,
  stage: string,
  chunkSize: number,
  onProgress: ((progress: ReadProgress) => void) | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { handle, stats } = await openRegularFile(path, stage);
  const totalBytes = stats.size;
  const raw = handle.createReadStream({ highWaterMark: chunkSize });
  // zlib takes output chunks of at least 64 bytes (its own limit), whatever the read size asked for.
  const gunzip = createGunzip({ chunkSize: Math.max(64, chunkSize) });
  // pipe() does not carry the source's errors: a read error must end the decompressed stream too.
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    yield* streamChunks(gunzip, raw, path, stage, onProgress, signal, totalBytes);
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

/**
 * The chunks of a Node stream, as {@link readChunks} yields them; `counted` is the stream whose
 * `bytesRead` is the progress (the compressed file under a gunzip), or null to count what is yielded.
 */
async function* streamChunks(
  stream: Readable,
  counted: { readonly bytesRead: number } | null,
  label: string,
  stage: string,
  onProgress: ((progress: ReadProgress) => void) | undefined,
  signal: AbortSignal | undefined,
  totalBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let bytesSoFar = 0;
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal?.aborted) return;
      let next: IteratorResult<Buffer | string>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw readError(stage, label, error);
      }
      if (next.done) {
        // The compressed stream's trailer is read after the last decompressed chunk: report the end.
        if (counted !== null) onProgress?.({ bytesRead: counted.bytesRead, totalBytes });
        return;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
      bytesSoFar += chunk.length;
      onProgress?.({ bytesRead: counted === null ? bytesSoFar : counted.bytesRead, totalBytes });
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
  } finally {
    await iterator.return?.();
  }
}

/** Corrupt compressed data is bad input; anything else is the file that could not be read. */
function readError(stage: string, label: string, error: unknown): RivuletError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new RivuletError(
      'invalid-input',
      stage,
      `cannot decompress ${JSON.stringify(label)}: ${(error as Error).message} (expected gzip data, as its .gz name says)`,
      { parameter: 'path', cause: error },
    );
  }
  return ioError(stage, label, error);
}
