import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { isRivuletError, RivuletError } from '@rivulet/core';

/**
 * The longest line (a JSONL record, a `.txt` document) or whole-file document a reader accepts, in
 * characters: 64 Mi. Without a bound, an endless input without newlines (`/dev/zero` behind a symbolic
 * link, a file still being written) grows one string until the process dies.
 */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Opens a file for reading only if it is a regular file (symbolic links followed): a device
 * (`/dev/zero`, `/dev/urandom`), a FIFO, a socket or a directory is refused at once, before any byte is
 * read. The returned `stats` (size, modification time) let {@link checkUnchanged} detect a file that
 * changed while it was read.
 * @throws RivuletError `io` when the file cannot be opened, `invalid-input` when it is not a regular file
 */
export async function openRegularFile(
  path: string,
  stage: string,
): Promise<{ handle: FileHandle; stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(path, FLAGS);
  } catch (error) {
    throw ioError(stage, path, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(stage, path, stats);
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw isRivuletError(error) ? error : ioError(stage, path, error);
  }
}

/** The synchronous form of {@link openRegularFile}: a file descriptor and its stats. */
export function openRegularFileSync(path: string, stage: string): { fd: number; stats: Stats } {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (error) {
    throw ioError(stage, path, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(stage, path, stats);
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    throw isRivuletError(error) ? error : ioError(stage, path, error);
  }
}

/**
 * Fails when the file read to its end is not the file that was opened: fewer or more bytes than its size
 * at opening, or a newer modification time. A corpus truncated or rewritten while it was read would
 * otherwise end in a torn last document.
 * @throws RivuletError `io`
 */
export function checkUnchanged(
  stage: string,
  path: string,
  opened: Stats,
  now: Stats,
  bytesRead: number,
): void {
  if (bytesRead === opened.size && now.size === opened.size && now.mtimeMs === opened.mtimeMs) return;
  throw new RivuletError(
    'io',
    stage,
    `${JSON.stringify(path)} changed while it was read (${opened.size} bytes when opened, ${bytesRead} read, ${now.size} now); read a file that is not being written`,
    { parameter: 'path' },
  );
}

/** A `limit` error for a line (or whole-file document) longer than `max` characters. */
export function lineTooLong(stage: string, label: string, line: number, max: number): RivuletError {
  return new RivuletError(
    'limit',
    stage,
    `${label}:${line}: a line longer than ${max} characters; a document may hold at most ${max} (option maxLineLength)`,
    { parameter: 'maxLineLength' },
  );
}

/** An `io` error for `path`, with the system's reason (`ENOENT: no such file or directory`). */
export function ioError(stage: string, path: string, cause: unknown): RivuletError {
  const reason = cause instanceof Error ? cause.message.replace(/, (open|read|scandir|stat) .*$/, '') : '';
  return new RivuletError('io', stage, `cannot read ${JSON.stringify(path)}${reason ? `: ${reason}` : ''}`, {
    parameter: 'path',
    cause,
  });
}

function notRegular(stage: string, path: string, stats: Stats): RivuletError {
  // A directory keeps the kind a failed read of it always had.
  return new RivuletError(
    stats.isDirectory() ? 'io' : 'invalid-input',
    stage,
    `${JSON.stringify(path)} is ${fileKind(stats)}; only regular files are read (an endless or special file would never end)`,
    { parameter: 'path' },
  );
}

/** What a file is, for a message: `a regular file`, `a directory`, `a FIFO (named pipe)`, `a character device`… */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a whole regular file (see {@link openRegularFile}), refused with a `limit` error naming
 * `path` when it holds more than `maxBytes`, and with `io` when it changed while it was read.
 */
export async function readRegularFile(
  path: string,
  stage: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { handle, stats } = await openRegularFile(path, stage);
  try {
    if (stats.size > maxBytes) {
      throw new RivuletError(
        'limit',
        stage,
        `${JSON.stringify(path)} holds ${stats.size} bytes; a file read whole may hold at most ${maxBytes}`,
        { parameter: 'path' },
      );
    }
    const bytes = await handle.readFile({ signal });
    checkUnchanged(stage, path, stats, await handle.stat(), bytes.length);
    return bytes;
  } catch (error) {
    throw isRivuletError(error) || signal?.aborted ? error : ioError(stage, path, error);
  } finally {
    await handle.close();
  }
}
