import { open } from 'node:fs/promises';
import { invalidOption, RivuletError } from '@rivulet/core';

/** Bytes read per pull: large enough for throughput, small enough that memory stays flat. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

/** How far reading a file has got, for progress bars. */
export interface ReadProgress {
  readonly bytesRead: number;
  /** The file's size when it was opened. */
  readonly totalBytes: number;
}

/**
 * The bytes of a file, one chunk per pull. Nothing is read until the consumer asks for the next chunk, and
 * the file handle is closed as soon as iteration ends, fails, is abandoned (`return()`) or `signal` aborts
 * (checked before each chunk).
 *
 * @throws RivuletError `io` naming the path when the file cannot be opened or read; `invalid-option` when
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
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw ioError(stage, path, error);
  }
  try {
    const totalBytes = onProgress ? (await handle.stat()).size : 0;
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
      if (bytesRead === 0) return;
      bytesSoFar += bytesRead;
      onProgress?.({ bytesRead: bytesSoFar, totalBytes });
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** An `io` error for `path`, with the system's reason (`ENOENT: no such file or directory`). */
export function ioError(stage: string, path: string, cause: unknown): RivuletError {
  const reason = cause instanceof Error ? cause.message.replace(/, (open|read|scandir|stat) .*$/, '') : '';
  return new RivuletError('io', stage, `cannot read ${JSON.stringify(path)}${reason ? `: ${reason}` : ''}`, {
    parameter: 'path',
    cause,
  });
}
