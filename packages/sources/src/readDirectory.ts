import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { invalidOption, knownOptions, type TextDocument } from '@rivulet/core';
import type { Observable } from 'rxjs';
import { pullObservable } from './internal/pullObservable.js';
import type { SkippedLine } from './jsonlOptions.js';
import { ioError, lineTooLong, MAX_LINE_LENGTH, readRegularFile } from './regularFile.js';
import { TextDecoderByBom } from './TextDecoderByBom.js';

/** Options of {@link readDirectory}. */
export interface DirectoryOptions {
  /** Only files ending with one of these (e.g. `['.txt']`), compared case-insensitively. Default: all. */
  readonly extensions?: readonly string[];
  /** Called for each file left out because it looks binary. */
  readonly onSkip?: (skipped: SkippedLine) => void;
}

/** How much of a file is inspected for a NUL byte, as git's `buffer_is_binary` (xdiff) does. */
const BINARY_PROBE = 8000;

/**
 * The text files under a directory, recursively, one document per file with id = its path relative to
 * `dir` in posix form (`sub/a.txt`), in code-point order of that id. Hidden files and directories (a name
 * starting with `.`) are not read; a file with a NUL byte in its first 8000 bytes is binary (git's rule)
 * and is skipped and reported to `onSkip`. Files are read one at a time as they are consumed.
 *
 * @example
 * ```ts
 * import { readDirectory } from '@rivulet/sources';
 * readDirectory('corpus/', { extensions: ['.txt'] }).subscribe((d) => console.log(d.id));
 * ```
 * Errors: RivuletError `io` naming the path, `invalid-option`.
 */
export function readDirectory(dir: string, options?: DirectoryOptions): Observable<TextDocument> {
  return pullObservable((signal) => directoryDocuments(dir, options, signal));
}

async function* directoryDocuments(
  dir: string,
  options: DirectoryOptions | undefined,
  signal: AbortSignal,
): AsyncGenerator<TextDocument, void, undefined> {
  knownOptions('readDirectory', options, ['extensions', 'onSkip']);
  const { extensions, onSkip } = options ?? {};
  if (
    extensions !== undefined &&
    (!Array.isArray(extensions) || extensions.some((e) => typeof e !== 'string' || e.length === 0))
  ) {
    invalidOption('readDirectory', 'extensions', 'an array of non-empty strings', extensions);
  }
  if (onSkip !== undefined && typeof onSkip !== 'function') {
    invalidOption('readDirectory', 'onSkip', 'a function', onSkip);
  }
  const wanted = extensions?.map((e) => e.toLowerCase());
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw ioError('readDirectory', dir, error);
  }
  const files: { id: string; path: string }[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const id = relative(dir, path).split(sep).join(posix.sep);
    if (id.split('/').some((part) => part.startsWith('.'))) continue;
    if (wanted && !wanted.some((e) => id.toLowerCase().endsWith(e))) continue;
    files.push({ id, path });
  }
  files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const file of files) {
    if (signal.aborted) return;
    let bytes: Uint8Array;
    try {
      // A character takes at most 4 bytes, so a bigger file cannot fit the limit.
      bytes = await readRegularFile(file.path, 'readDirectory', 4 * MAX_LINE_LENGTH, signal);
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    // UTF-16 text is full of NUL bytes: its byte-order mark says it is text.
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (!utf16 && bytes.subarray(0, BINARY_PROBE).includes(0)) {
      onSkip?.({ source: file.id, line: 0, reason: 'binary file (a NUL byte in its first 8000 bytes)' });
      continue;
    }
    const decoder = new TextDecoderByBom();
    const text = decoder.decode(bytes) + decoder.end();
    if (text.length > MAX_LINE_LENGTH) throw lineTooLong('readDirectory', file.path, 1, MAX_LINE_LENGTH);
    yield { id: file.id, text };
  }
}
