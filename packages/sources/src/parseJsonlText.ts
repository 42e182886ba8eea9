import type { TextDocument } from '@rivulet/core';
import { parseJsonlRecord, resolveJsonlOptions } from './jsonlOptions.js';
import { LineSplitter } from './LineSplitter.js';

/** Options of {@link parseJsonlText}: which fields hold a record's text and id. */
export interface JsonlTextOptions {
  /** Default `'text'`. */
  readonly textField?: string;
  /** Default `'id'`; a record without it gets its 1-based line number. */
  readonly idField?: string;
}

/**
 * Parses JSON Lines held in memory (a message body, a request) into documents with the same record
 * rules and messages as {@link readJsonl}: blank lines are ignored, only a record's own fields are read,
 * and the first malformed line throws a RivuletError `invalid-input` naming `label:line`. `stage` names
 * the caller in messages.
 *
 * @example
 * ```ts
 * parseJsonlText('natsSource', 'docs#42', '{"id":"a","text":"one"}\n{"id":"b","text":"two"}');
 * // [{ id: 'a', text: 'one' }, { id: 'b', text: 'two' }]
 * ```
 */
export function parseJsonlText(
  stage: string,
  label: string,
  text: string,
  options: JsonlTextOptions = {},
): TextDocument[] {
  const resolved = resolveJsonlOptions(stage, { textField: options.textField, idField: options.idField });
  const splitter = new LineSplitter();
  const documents: TextDocument[] = [];
  const take = (line: { text: string; number: number }) => {
    if (line.text.trim().length === 0) return;
    documents.push(parseJsonlRecord(stage, label, line.number, line.text, resolved));
  };
  for (const line of splitter.push(text)) take(line);
  const last = splitter.end();
  if (last) take(last);
  return documents;
}
