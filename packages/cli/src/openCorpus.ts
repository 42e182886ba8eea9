import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { isRivuletError, RivuletError, type TextDocument } from '@rivulet/core';
import {
  fileKind,
  isGzipPath,
  type ReadProgress,
  readDirectory,
  readJsonl,
  readLines,
  STDIN,
} from '@rivulet/sources';
import type { Observable } from 'rxjs';
import { CLI } from './CliError.js';

/** How a corpus path is read, decided by what it is. */
export type CorpusFormat = 'jsonl' | 'txt' | 'directory' | 'mtx';

export interface TextCorpus {
  readonly format: 'jsonl' | 'txt' | 'directory';
  readonly documents: Observable<TextDocument>;
}

export interface MatrixCorpus {
  readonly format: 'mtx';
  readonly path: string;
}

/**
 * Recognises a corpus: a directory (text files, id = relative path), `.jsonl`/`.ndjson` (JSON Lines),
 * `.txt` (one document per line), `.mtx` (a Matrix Market document-term matrix); `.jsonl.gz`,
 * `.ndjson.gz` and `.txt.gz` are read decompressing as they stream, and `-` is JSON Lines on standard
 * input.
 * @throws RivuletError `io` when the path does not exist, `invalid-input` for a device, FIFO or socket
 * (refused before anything is opened) or an unknown extension.
 */
export async function openCorpus(
  path: string,
  fields: { textField?: string; idField?: string },
  onProgress?: (progress: ReadProgress) => void,
): Promise<TextCorpus | MatrixCorpus> {
  if (path === STDIN) return { format: 'jsonl', documents: readJsonl(path, { ...fields, onProgress }) };
  let isDirectory: boolean;
  try {
    const info = await stat(path);
    isDirectory = info.isDirectory();
    if (!isDirectory && !info.isFile()) {
      throw new RivuletError(
        'invalid-input',
        CLI,
        `corpus ${JSON.stringify(path)} is ${fileKind(info)}; a corpus is a regular file or a directory (an endless or special file would never end)`,
        { parameter: 'corpus' },
      );
    }
  } catch (error) {
    if (isRivuletError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
    throw new RivuletError('io', CLI, `cannot read corpus ${JSON.stringify(path)}: ${reason}`, {
      parameter: 'corpus',
      cause: error,
    });
  }
  if (isDirectory) return { format: 'directory', documents: readDirectory(path) };
  const compressed = isGzipPath(path);
  const extension = extname(compressed ? path.slice(0, -3) : path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') {
    return { format: 'jsonl', documents: readJsonl(path, { ...fields, onProgress }) };
  }
  if (extension === '.txt') return { format: 'txt', documents: readLines(path, { onProgress }) };
  if (extension === '.mtx' && !compressed) return { format: 'mtx', path };
  throw new RivuletError(
    'invalid-input',
    CLI,
    `unknown corpus format ${JSON.stringify(compressed ? `${extension}.gz` : extension || path)}: expected a .jsonl, .ndjson, .txt or .mtx file (the first three may be .gz), a directory, or - for JSON Lines on standard input`,
    { parameter: 'corpus' },
  );
}

/** Fields only a JSON Lines corpus has. */
export function requireJsonl(format: CorpusFormat, option: string): void {
  if (format !== 'jsonl') {
    throw new RivuletError(
      'invalid-option',
      CLI,
      `${option} applies to .jsonl corpora only, got a ${format} corpus`,
      {
        parameter: option,
      },
    );
  }
}
