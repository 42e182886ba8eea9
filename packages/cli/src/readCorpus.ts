import { type DocTermMatrix, RivuletError, type TextDocument } from '@rivulet/core';
import { lastValueFrom, tap, toArray } from 'rxjs';
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

/** A corpus after reading: text documents (the model's tokenizer reads them), or a ready `.mtx` matrix. */
export type ReadCorpus =
  | {
      readonly format: 'jsonl' | 'txt' | 'directory';
      readonly documents: TextDocument[];
      readonly labels?: string[];
    }
  | { readonly format: 'mtx'; readonly matrix: DocTermMatrix };

/**
 * Reads a corpus's documents (a JSON Lines file — `.gz` or standard input too — one chunk per await
 * with its labels, see {@link readJsonlFile}), or a Matrix Market matrix with its optional vocabulary. `readsText` is false for a
 * model trained on a matrix, which cannot read text.
 * @throws RivuletError `empty-input` when there are no documents.
 */
export async function readCorpus(
  path: string,
  fields: CorpusFields,
  readsText: boolean,
  progress: Progress,
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
  progress.stage(`reading ${path}`);
  if (corpus.format === 'mtx') {
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
  let count = 0;
  if (corpus.format === 'jsonl') {
    for (const [option, value] of [
      ['--text-field', fields.textField],
      ['--id-field', fields.idField],
      ['--label-field', fields.labelField],
    ] as const) {
      if (value === '') throw usageError(`${option} must be a non-empty field name, got ""`);
    }
    const documents: TextDocument[] = [];
    const labels: string[] | undefined = fields.labelField === undefined ? undefined : [];
    const jsonlFields = {
      textField: fields.textField ?? 'text',
      idField: fields.idField ?? 'id',
      labelField: fields.labelField,
    };
    await readJsonlFile(
      path,
      jsonlFields,
      (id, text, label) => {
        documents.push({ id, text });
        if (labels) labels.push(label as string);
        progress.count('reading', ++count, fraction);
      },
      (bytesRead, totalBytes) => {
        fraction = totalBytes > 0 ? bytesRead / totalBytes : undefined;
      },
    );
    if (documents.length === 0) throw emptyCorpus(path);
    return { format: corpus.format, documents, labels };
  }
  const documents = await lastValueFrom(
    corpus.documents.pipe(
      tap(() => progress.count('reading', ++count, fraction)),
      toArray(),
    ),
  );
  if (documents.length === 0) throw emptyCorpus(path);
  return { format: corpus.format, documents };
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
