import { invalidOption, knownOptions, oneOfOption, RivuletError } from '@rivulet/core';
import type { ReadProgress } from './readChunks.js';
import { MAX_LINE_LENGTH } from './regularFile.js';

/** A line that `onError: 'skip'` left out, and why. */
export interface SkippedLine {
  /** The file (or `label` of a stream) the line came from. */
  readonly source: string;
  /** 1-based line number (for a directory: 0, the whole file was skipped). */
  readonly line: number;
  readonly reason: string;
}

/** Options of {@link readJsonl} and {@link jsonlDocuments}. */
export interface JsonlOptions {
  /** The own string field holding a document's text. Default `'text'`. */
  readonly textField?: string;
  /**
   * The own field holding a document's id (a string, or an integer written as a number). Default `'id'`;
   * a record without it gets its 1-based line number.
   */
  readonly idField?: string;
  /** `'stop'` (default): a malformed line errors the stream. `'skip'`: it is left out and reported. */
  readonly onError?: 'stop' | 'skip';
  /**
   * Called for each line left out under `onError: 'skip'`. Without it, one summary warning
   * (`process.emitWarning`, code `RIVULET_SKIPPED_LINES`) reports the count when the source ends.
   */
  readonly onSkip?: (skipped: SkippedLine) => void;
  /** Bytes read per pull. Default 65536. */
  readonly chunkSize?: number;
  /** Called after each chunk is read, with the bytes read so far and the file's size. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** The longest line accepted, in characters; a longer one is a `limit` error. Default 64 Mi. */
  readonly maxLineLength?: number;
}

export interface ResolvedJsonlOptions {
  readonly textField: string;
  readonly idField: string;
  readonly onError: 'stop' | 'skip';
  readonly onSkip: ((skipped: SkippedLine) => void) | undefined;
  readonly chunkSize: number;
  readonly onProgress: ((progress: ReadProgress) => void) | undefined;
  readonly maxLineLength: number;
}

export const JSONL_OPTION_KEYS = [
  'textField',
  'idField',
  'onError',
  'onSkip',
  'chunkSize',
  'onProgress',
  'maxLineLength',
] as const;

/** Validates JSONL options, naming `stage` in messages. */
export function resolveJsonlOptions(stage: string, options: JsonlOptions | undefined): ResolvedJsonlOptions {
  knownOptions(stage, options, JSONL_OPTION_KEYS);
  const {
    textField = 'text',
    idField = 'id',
    onError = 'stop',
    onSkip,
    chunkSize,
    onProgress,
    maxLineLength,
  } = options ?? {};
  fieldName(stage, 'textField', textField);
  fieldName(stage, 'idField', idField);
  oneOfOption(stage, 'onError', onError, ['stop', 'skip'] as const);
  if (onSkip !== undefined && typeof onSkip !== 'function')
    invalidOption(stage, 'onSkip', 'a function', onSkip);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption(stage, 'onProgress', 'a function', onProgress);
  }
  return {
    textField,
    idField,
    onError,
    onSkip,
    chunkSize: resolveChunkSize(stage, chunkSize),
    onProgress,
    maxLineLength: resolveMaxLineLength(stage, maxLineLength),
  };
}

/** Validates a `maxLineLength` option: characters in [1, 2^29] (V8's longest string), default 64 Mi. */
export function resolveMaxLineLength(stage: string, value: unknown): number {
  if (value === undefined) return MAX_LINE_LENGTH;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 29) {
    invalidOption(stage, 'maxLineLength', 'an integer in [1, 2^29]', value);
  }
  return value;
}

/** Validates a `chunkSize` option (default 64 KiB). */
export function resolveChunkSize(stage: string, chunkSize: unknown): number {
  if (chunkSize === undefined) return 64 * 1024;
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 2 ** 30) {
    invalidOption(stage, 'chunkSize', 'an integer in [1, 2^30]', chunkSize);
  }
  return chunkSize;
}

function fieldName(stage: string, parameter: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0)
    invalidOption(stage, parameter, 'a non-empty string', value);
}

/**
 * Reads one JSONL record into a document. Only the record's own properties are read, so a record with
 * `__proto__` or `constructor` keys cannot make an inherited value pass for a field.
 *
 * @throws RivuletError `invalid-input` naming `source` and the line number.
 */
export function parseJsonlRecord(
  stage: string,
  source: string,
  line: number,
  text: string,
  options: ResolvedJsonlOptions,
): { id: string; text: string } {
  return parseJsonlFields(stage, source, line, text, options).document;
}

/**
 * {@link parseJsonlRecord}, also returning the record's parsed fields so a caller can read more of them
 * (the CLI's `--label-field`) from the same parse.
 */
export function parseJsonlFields(
  stage: string,
  source: string,
  line: number,
  text: string,
  options: ResolvedJsonlOptions,
): { document: { id: string; text: string }; fields: Readonly<Record<string, unknown>> } {
  const fail = (reason: string): never => {
    throw new RivuletError('invalid-input', stage, `${source}:${line}: ${reason}`, {
      parameter: 'line',
    });
  };
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    fail(`malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return fail(`expected a JSON object, got ${Array.isArray(record) ? 'an array' : JSON.stringify(record)}`);
  }
  const fields = record as Record<string, unknown>;
  const body = Object.hasOwn(fields, options.textField) ? fields[options.textField] : undefined;
  if (typeof body !== 'string') {
    fail(`field ${JSON.stringify(options.textField)} must be a string, got ${kindOf(body)}`);
  }
  let id = String(line);
  if (Object.hasOwn(fields, options.idField)) {
    const raw = fields[options.idField];
    if (typeof raw === 'string') id = raw;
    else if (typeof raw === 'number' && Number.isSafeInteger(raw)) id = String(raw);
    else fail(`field ${JSON.stringify(options.idField)} must be a string or an integer, got ${kindOf(raw)}`);
  }
  return { document: { id, text: body as string }, fields };
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
