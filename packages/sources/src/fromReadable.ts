import type { Readable } from 'node:stream';
import {
  describeValue,
  invalidOption,
  knownOptions,
  oneOfOption,
  RivuletError,
  type TextDocument,
} from '@rivulet/core';
import type { Observable } from 'rxjs';
import { pullObservable } from './internal/pullObservable.js';
import { parseJsonl } from './jsonlDocuments.js';
import { JSONL_OPTION_KEYS, type JsonlOptions, resolveMaxLineLength } from './jsonlOptions.js';
import { splitLines } from './splitLines.js';

/** Options of {@link fromReadable}. */
export interface ReadableOptions extends Omit<JsonlOptions, 'chunkSize' | 'onProgress'> {
  /**
   * How a byte or text stream is split into documents: `'lines'` (default; one document per non-empty
   * line, id = line number) or `'jsonl'` (as `readJsonl`). A stream of objects (not strings or bytes)
   * must yield `{ id, text }` documents.
   */
  readonly format?: 'lines' | 'jsonl';
  /** Names the stream in error messages and skip reports. Default `'stream'`. */
  readonly label?: string;
}

/**
 * Documents from a Node.js `Readable` (for example `process.stdin`), pulled through the stream's async
 * iterator so that the stream is paused while the consumer is busy. Unsubscribing destroys the stream.
 *
 * @example
 * ```ts
 * import { fromReadable } from '@rivulet/sources';
 * fromReadable(process.stdin, { format: 'jsonl' }).subscribe((d) => console.log(d.id));
 * ```
 * Errors: RivuletError `invalid-input` (a malformed line or object, named `label:line`), `invalid-option`.
 */
export function fromReadable(stream: Readable, options?: ReadableOptions): Observable<TextDocument> {
  return pullObservable((signal) => readableDocuments(stream, options, signal));
}

async function* readableDocuments(
  stream: Readable,
  options: ReadableOptions | undefined,
  signal: AbortSignal,
): AsyncGenerator<TextDocument, void, undefined> {
  const stage = 'fromReadable';
  knownOptions(stage, options, [
    ...JSONL_OPTION_KEYS.filter((k) => k !== 'chunkSize' && k !== 'onProgress'),
    'format',
    'label',
  ]);
  if (stream === null || typeof stream !== 'object' || typeof stream[Symbol.asyncIterator] !== 'function') {
    invalidOption(stage, 'stream', 'a Readable stream', stream);
  }
  const { format = 'lines', label = 'stream', ...jsonl } = options ?? {};
  oneOfOption(stage, 'format', format, ['lines', 'jsonl'] as const);
  if (typeof label !== 'string') invalidOption(stage, 'label', 'a string', label);
  // A pending read of a stream that never ends a line would hold return() back: destroy the stream.
  signal.addEventListener('abort', () => stream.destroy(), { once: true });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const first = await iterator.next();
  if (first.done) return;
  // Readable.from(strings) is in object mode too: the values, not the mode, say whether this is text.
  if (typeof first.value !== 'string' && !(first.value instanceof Uint8Array)) {
    let index = 0;
    for (let step: IteratorResult<unknown> = first; !step.done; step = await iterator.next()) {
      index++;
      const doc = step.value as Partial<TextDocument> | null;
      if (
        doc === null ||
        typeof doc !== 'object' ||
        typeof doc.text !== 'string' ||
        typeof doc.id !== 'string'
      ) {
        await iterator.return?.();
        throw new RivuletError(
          'invalid-input',
          stage,
          `${label}:${index}: expected a { id: string, text: string } object, got ${describeValue(step.value)}`,
          { parameter: 'stream' },
        );
      }
      yield { id: doc.id, text: doc.text };
    }
    return;
  }
  const chunks = restOf(first.value as string | Uint8Array, iterator);
  if (format === 'jsonl') {
    yield* parseJsonl(() => chunks, label, jsonl, stage);
    return;
  }
  const maxLength = resolveMaxLineLength(stage, jsonl.maxLineLength);
  for await (const line of splitLines(chunks, { maxLength, stage, label })) {
    if (line.text.trim().length > 0) yield { id: String(line.number), text: line.text };
  }
}

/** The chunks of a stream whose first chunk was already taken; returning it destroys the stream. */
async function* restOf(
  first: string | Uint8Array,
  iterator: AsyncIterator<unknown>,
): AsyncGenerator<string | Uint8Array, void, undefined> {
  try {
    yield first;
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      if (typeof step.value !== 'string' && !(step.value instanceof Uint8Array)) {
        throw new RivuletError(
          'invalid-input',
          'fromReadable',
          `stream chunks must all be text or all be documents, got ${describeValue(step.value)} after text`,
          { parameter: 'stream' },
        );
      }
      yield step.value;
    }
  } finally {
    await iterator.return?.();
  }
}
