import { closeSync, openSync, readSync } from 'node:fs';
import { RivuletError } from '@rivulet/core';
import { CLI } from './CliError.js';

/** Bytes read at a time: large enough that the per-read cost vanishes, small enough for any corpus. */
const CHUNK_BYTES = 1 << 20;

/**
 * The string field `field` of every record of a JSON Lines file, in order, with the lines counted as
 * `@rivulet/sources`' `readJsonl` counts them (a leading byte-order mark dropped, `\r\n` accepted, blank
 * lines skipped), so label i belongs to document i. Used for `--label-field` after the documents have
 * been read (and each line checked to be a JSON object): one synchronous pass in 1 MiB chunks, without
 * the streaming reader's per-line asynchronous hops, which cost more than the parsing itself.
 *
 * @throws RivuletError `invalid-input` naming the file and line when a record's field is not a string;
 *   `io` when the file cannot be read.
 */
export function readLabels(path: string, field: string): string[] {
  const labels: string[] = [];
  const decoder = new TextDecoder('utf-8');
  const buffer = new Uint8Array(CHUNK_BYTES);
  let pending = '';
  let number = 0;
  let first = true;
  const take = (line: string): void => {
    number++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim().length === 0) return;
    const record = JSON.parse(text) as Record<string, unknown>;
    const label = Object.hasOwn(record, field) ? record[field] : undefined;
    if (typeof label !== 'string') {
      throw new RivuletError(
        'invalid-input',
        CLI,
        `${path}:${number}: --label-field ${JSON.stringify(field)} must be a string, got ${kindOf(label)}`,
        { parameter: '--label-field' },
      );
    }
    labels.push(label);
  };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw ioError(path, error);
  }
  try {
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw ioError(path, error);
      }
      if (bytes === 0) break;
      let text = decoder.decode(buffer.subarray(0, bytes), { stream: true });
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      pending += text;
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
        take(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
  } finally {
    closeSync(fd);
  }
  pending += decoder.decode();
  if (pending.length > 0) take(pending);
  return labels;
}

function ioError(path: string, cause: unknown): RivuletError {
  return new RivuletError(
    'io',
    CLI,
    `cannot read ${JSON.stringify(path)} for --label-field: ${(cause as Error).message}`,
    { parameter: '--label-field', cause },
  );
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
