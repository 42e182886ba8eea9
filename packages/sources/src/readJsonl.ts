import type { TextDocument } from '@rivulet/core';
import type { Observable } from 'rxjs';
import { pullObservable } from './internal/pullObservable.js';
import { parseJsonl } from './jsonlDocuments.js';
import type { JsonlOptions } from './jsonlOptions.js';
import { readChunks } from './readChunks.js';

/**
 * The documents of a JSON Lines file (one JSON object per line, as `data/en.jsonl`) as a cold Observable,
 * read in chunks as they are consumed. Each subscription reads the file anew; unsubscribing closes it.
 * Blank lines are ignored; without an id field a document's id is its 1-based line number.
 *
 * @example
 * ```ts
 * import { readJsonl } from '@rivulet/sources';
 * readJsonl('data/zh.jsonl', { textField: 'text', idField: 'id', onError: 'skip' }).subscribe(console.log);
 * ```
 * Errors (through the Observable): RivuletError `io` (`readJsonl: cannot read "x.jsonl": ENOENT: no such
 * file or directory`), `invalid-input` (`readJsonl: x.jsonl:3: malformed JSON (…)`), `invalid-option`.
 */
export function readJsonl(path: string, options?: JsonlOptions): Observable<TextDocument> {
  return pullObservable((signal) =>
    parseJsonl(
      (o) => readChunks(path, 'readJsonl', o.chunkSize, o.onProgress, signal),
      path,
      options,
      'readJsonl',
    ),
  );
}
