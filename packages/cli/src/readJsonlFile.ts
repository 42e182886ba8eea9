import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { RivuletError } from '@rivulet/core';
import { CLI } from './CliError.js';

/** Bytes read at a time: large enough that the per-read cost vanishes, small enough for any corpus. */
const CHUNK_BYTES = 1 << 20;
/** The stage named in record errors: the same messages as `@rivulet/sources`' `readJsonl`. */
const STAGE = 'readJsonl';

/** Which fields of a JSON Lines record the command reads. */
export interface JsonlFields {
  readonly textField: string;
  readonly idField: string;
  /** A string class label per record (`--label-field`), when given. */
  readonly labelField?: string;
}

/**
 * Reads a JSON Lines corpus file in one synchronous pass, calling `onRecord` for each record in order.
 * Records are read exactly as `@rivulet/sources`' `readJsonl` reads them, with its error messages: a
 * leading byte-order mark dropped, `\r\n` accepted, blank lines skipped but counted, the text an own
 * string field, the id an own string or safe-integer field or else the 1-based line number. The command
 * keeps every document anyway, so it reads in 1 MiB chunks without the streaming reader's per-line
 * asynchronous hops (which cost it about three times the JSON parsing on `data/en.jsonl`), and takes
 * the label from the same parse instead of a second pass over the file.
 *
 * @param onProgress called after each chunk with the bytes read so far and the file's size.
 * @throws RivuletError `invalid-input` naming the file and line for a malformed record or a label that
 *   is not a string; `io` when the file cannot be read.
 */
export function readJsonlFile(
  path: string,
  fields: JsonlFields,
  onRecord: (id: string, text: string, label: string | undefined) => void,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): void {
  const { textField, idField, labelField } = fields;
  let number = 0;
  const fail = (reason: string, stage = STAGE): never => {
    throw new RivuletError('invalid-input', stage, `${path}:${number}: ${reason}`, { parameter: 'line' });
  };
  const take = (line: string): void => {
    number++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim().length === 0) return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      fail(`malformed JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      fail(`expected a JSON object, got ${Array.isArray(record) ? 'an array' : JSON.stringify(record)}`);
    }
    const own = record as Record<string, unknown>;
    const body = Object.hasOwn(own, textField) ? own[textField] : undefined;
    if (typeof body !== 'string')
      fail(`field ${JSON.stringify(textField)} must be a string, got ${kindOf(body)}`);
    let id = String(number);
    if (Object.hasOwn(own, idField)) {
      const raw = own[idField];
      if (typeof raw === 'string') id = raw;
      else if (typeof raw === 'number' && Number.isSafeInteger(raw)) id = String(raw);
      else fail(`field ${JSON.stringify(idField)} must be a string or an integer, got ${kindOf(raw)}`);
    }
    let label: string | undefined;
    if (labelField !== undefined) {
      const raw = Object.hasOwn(own, labelField) ? own[labelField] : undefined;
      if (typeof raw !== 'string') {
        fail(`--label-field ${JSON.stringify(labelField)} must be a string, got ${kindOf(raw)}`, CLI);
      }
      label = raw as string;
    }
    onRecord(id, body as string, label);
  };

  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw ioError(path, error);
  }
  try {
    const totalBytes = onProgress ? fstatSync(fd).size : 0;
    const decoder = new TextDecoder('utf-8');
    const buffer = new Uint8Array(CHUNK_BYTES);
    let bytesSoFar = 0;
    let pending = '';
    let first = true;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw ioError(path, error);
      }
      if (bytes === 0) break;
      bytesSoFar += bytes;
      let text = decoder.decode(buffer.subarray(0, bytes), { stream: true });
      if (first && text.length > 0) {
        // A byte-order mark is an encoding artefact, not part of the first document.
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
      onProgress?.(bytesSoFar, totalBytes);
    }
    pending += decoder.decode();
    if (pending.length > 0) take(pending);
  } finally {
    closeSync(fd);
  }
}

function ioError(path: string, cause: unknown): RivuletError {
  const reason = cause instanceof Error ? cause.message.replace(/, (open|read|scandir|stat) .*$/, '') : '';
  return new RivuletError('io', STAGE, `cannot read ${JSON.stringify(path)}${reason ? `: ${reason}` : ''}`, {
    parameter: 'path',
    cause,
  });
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
