import { type DocTermMatrix, RivuletError, type TextDocument } from '@rivulet/core';
import { Observable } from 'rxjs';
import { CLI, readOptionFile, usageError } from './CliError.js';
import { openCorpus, requireJsonl } from './openCorpus.js';
import type { Progress } from './Progress.js';
import { readJsonlFile } from './readJsonlFile.js';
import { readMatrixMarket } from './readMatrixMarket.js';

export interface CorpusFields {
  readonly textField?: string;
  readonly idField?: string;
  readonly labelField?: string;
  readonly vocabulary?: string;
}

/**
 * A corpus as a command reads it: text documents as a stream (the model's tokenizer counts each one as it
 * is read, and none is kept), or a ready `.mtx` matrix.
 */
export type ReadCorpus =
  | {
      readonly format: 'jsonl' | 'txt' | 'directory';
      /**
       * The documents in file order, read when subscribed (once): a `.gz` file or standard input
       * decompressed and parsed as it streams. Errors with `empty-input` at its end when there were none.
       */
      readonly documents: Observable<TextDocument>;
      /** `--label-field`: one label per document read so far, in order (complete once `documents` is). */
      readonly labels?: string[];
    }
  | { readonly format: 'mtx'; readonly matrix: DocTermMatrix };

/**
 * Opens a corpus for reading: JSON Lines (a file, `.gz` or standard input, in 1 MiB reads with one await
 * per chunk and its labels from the same parse, see {@link readJsonlFile}), one document per line, a
 * directory — each a stream of documents for the vectorizer to count as they arrive, so no command holds
 * the corpus's texts — or a Matrix Market matrix with its optional vocabulary, read whole. `readsText` is
 * false for a model trained on a matrix, which cannot read text. `onRead` is called once the last document
 * has been read (before the consumer sees the end), with their number.
 * @throws RivuletError `empty-input` (for a stream: through its error channel) when there are no documents.
 */
export async function readCorpus(
  path: string,
  fields: CorpusFields,
  readsText: boolean,
  progress: Progress,
  onRead?: (documents: number) => void,
): Promise<ReadCorpus> {
  let fraction: number | undefined;
  const corpus = await openCorpus(path, { textField: fields.textField, idField: fields.idField }, (p) => {
    fraction = p.totalBytes > 0 ? p.bytesRead / p.totalBytes : undefined;
  });
  if (fields.textField !== undefined) requireJsonl(corpus.format, '--text-field');
  if (fields.idField !== undefined) requireJsonl(corpus.format, '--id-field');
  if (fields.labelField !== undefined) requireJsonl(corpus.format, '--label-field');
  if (fields.vocabulary !== undefined && corpus.format !== 'mtx') {
    throw new RivuletError(
      'invalid-option',
      CLI,
      `--vocabulary applies to .mtx corpora only, got a ${corpus.format} corpus`,
      {
        parameter: '--vocabulary',
      },
    );
  }
  if (corpus.format === 'mtx') {
    progress.stage(`reading ${path}`);
    const matrix = await readMatrixMarket(corpus.path);
    if (matrix.rows === 0) throw emptyCorpus(path);
    const vocabulary = fields.vocabulary
      ? await readVocabulary(fields.vocabulary, matrix.cols)
      : Array.from({ length: matrix.cols }, (_, j) => `term${j + 1}`);
    const ids = Array.from({ length: matrix.rows }, (_, i) => String(i + 1));
    return { format: 'mtx', matrix: { matrix, vocabulary, ids, weighting: { kind: 'count', norm: null } } };
  }
  if (!readsText)
    throw new RivuletError('model-format', CLI, 'this model was trained on a matrix, not on text');
  if (corpus.format !== 'jsonl') {
    return {
      format: corpus.format,
      documents: counted(corpus.documents, path, progress, () => fraction, onRead),
    };
  }
  for (const [option, value] of [
    ['--text-field', fields.textField],
    ['--id-field', fields.idField],
    ['--label-field', fields.labelField],
  ] as const) {
    if (value === '') throw usageError(`${option} must be a non-empty field name, got ""`);
  }
  const labels: string[] | undefined = fields.labelField === undefined ? undefined : [];
  const jsonlFields = {
    textField: fields.textField ?? 'text',
    idField: fields.idField ?? 'id',
    labelField: fields.labelField,
  };
  const documents = new Observable<TextDocument>((subscriber) => {
    readJsonlFile(
      path,
      jsonlFields,
      (id, text, label) => {
        // A consumer that failed (a tokenizer's error) or left ends the reading at this record.
        if (subscriber.closed) throw STOPPED;
        if (labels) labels.push(label as string);
        subscriber.next({ id, text });
      },
      (bytesRead, totalBytes) => {
        fraction = totalBytes > 0 ? bytesRead / totalBytes : undefined;
      },
    ).then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (error !== STOPPED) subscriber.error(error);
      },
    );
  });
  return { format: 'jsonl', documents: counted(documents, path, progress, () => fraction, onRead), labels };
}

/** Thrown from a record callback to end a reading whose consumer has gone. */
const STOPPED = Symbol('stopped');

/**
 * A document stream that announces its reading, shows the count as documents arrive, calls `onRead` at
 * its end and refuses an empty corpus there, before the consumer sees the end.
 */
function counted(
  documents: Observable<TextDocument>,
  path: string,
  progress: Progress,
  fraction: () => number | undefined,
  onRead: ((documents: number) => void) | undefined,
): Observable<TextDocument> {
  return new Observable<TextDocument>((subscriber) => {
    let count = 0;
    progress.stage(`reading ${path}`);
    return documents.subscribe({
      next: (document) => {
        progress.count('reading', ++count, fraction());
        subscriber.next(document);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        if (count === 0) {
          subscriber.error(emptyCorpus(path));
          return;
        }
        onRead?.(count);
        subscriber.complete();
      },
    });
  });
}

function emptyCorpus(path: string): RivuletError {
  return new RivuletError('empty-input', CLI, `corpus ${JSON.stringify(path)} has no documents`, {
    parameter: 'corpus',
  });
}

async function readVocabulary(path: string, cols: number): Promise<string[]> {
  const text = await readOptionFile('--vocabulary', path);
  const terms = text.split(/\r?\n/);
  if (terms.length > 0 && terms[terms.length - 1] === '') terms.pop();
  if (terms.length !== cols) {
    throw new RivuletError(
      'invalid-input',
      CLI,
      `--vocabulary ${JSON.stringify(path)} has ${terms.length} terms but the matrix has ${cols} columns; they must be equal`,
      { parameter: '--vocabulary' },
    );
  }
  // A repeated term would make two columns one word for the topic tables and for coherence, which looks
  // terms up by name: refused, as the vectorizer and a saved model refuse one.
  const lines = new Map<string, number>();
  for (let j = 0; j < terms.length; j++) {
    const first = lines.get(terms[j]);
    if (first !== undefined) {
      throw new RivuletError(
        'invalid-input',
        CLI,
        `--vocabulary ${JSON.stringify(path)} repeats the term ${JSON.stringify(terms[j])} on lines ${first + 1} and ${j + 1}; every column needs its own term`,
        { parameter: '--vocabulary' },
      );
    }
    lines.set(terms[j], j);
  }
  return terms;
}
