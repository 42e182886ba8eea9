import { invalidOption } from '@rivulet/core';
import { resolveMaxLineLength } from './jsonlOptions.js';
import { lineTooLong, readRegularFile } from './regularFile.js';
import { TextDecoderByBom } from './TextDecoderByBom.js';

/** Options of {@link readTextFile}. */
export interface TextFileOptions {
  /** The stage named in errors. Default `'readTextFile'`. */
  readonly stage?: string;
  /** The most characters the file may hold. Default 64 Mi. */
  readonly maxLength?: number;
}

/**
 * The text of a whole small file (a word list, a vocabulary): a regular file only (a device or FIFO is
 * refused before reading), at most `maxLength` characters, UTF-8 or UTF-16 with its byte-order mark
 * (the mark is dropped).
 *
 * @example
 * ```ts
 * import { readTextFile } from '@rivulet/sources';
 * const words = (await readTextFile('stop.txt')).split('\n');
 * ```
 * @throws RivuletError `io` (cannot read, changed while read), `invalid-input` (not a regular file),
 * `limit` (too long), `invalid-option`
 */
export async function readTextFile(path: string, options?: TextFileOptions): Promise<string> {
  const stage = options?.stage ?? 'readTextFile';
  if (typeof path !== 'string') invalidOption(stage, 'path', 'a file path string', path);
  const maxLength = resolveMaxLineLength(stage, options?.maxLength);
  const bytes = await readRegularFile(path, stage, 4 * maxLength);
  const decoder = new TextDecoderByBom();
  const text = decoder.decode(bytes) + decoder.end();
  if (text.length > maxLength) throw lineTooLong(stage, path, 1, maxLength);
  return text;
}
