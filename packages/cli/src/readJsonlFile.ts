import { RivuletError } from '@rivulet/core';
import { readJsonlRecords } from '@rivulet/sources';
import { CLI } from './CliError.js';

/** Bytes read at a time: large enough that the per-read cost vanishes, small enough for any corpus. */
const CHUNK_BYTES = 1 << 20;

/** Which fields of a JSON Lines record the command reads. */
export interface JsonlFields {
  readonly textField: string;
  readonly idField: string;
  /** A string class label per record (`--label-field`), when given. */
  readonly labelField?: string;
}

/**
 * Reads a JSON Lines corpus — a file, a `.gz` file or standard input (`-`) — in 1 MiB reads
 * (`@rivulet/sources`' `readJsonlRecords`, one await per chunk, not per line), calling `onRecord` for
 * each record in order, with the `--label-field` taken from the same parse instead of a second pass.
 *
 * @param onProgress called after each chunk with the bytes read so far and the file's size.
 * @throws RivuletError `invalid-input` naming the file and line for a malformed record or a label that
 *   is not a string; `io` when the file cannot be read.
 */
export async function readJsonlFile(
  path: string,
  fields: JsonlFields,
  onRecord: (id: string, text: string, label: string | undefined) => void,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<void> {
  const { textField, idField, labelField } = fields;
  await readJsonlRecords(
    path,
    {
      textField,
      idField,
      chunkSize: CHUNK_BYTES,
      onProgress: onProgress && ((p) => onProgress(p.bytesRead, p.totalBytes)),
    },
    ({ document, fields: own, line }) => {
      let label: string | undefined;
      if (labelField !== undefined) {
        const raw = Object.hasOwn(own, labelField) ? own[labelField] : undefined;
        if (typeof raw !== 'string') {
          throw new RivuletError(
            'invalid-input',
            CLI,
            `${path}:${line}: --label-field ${JSON.stringify(labelField)} must be a string, got ${kindOf(raw)}`,
            { parameter: 'line' },
          );
        }
        label = raw;
      }
      onRecord(document.id, document.text, label);
    },
  );
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
