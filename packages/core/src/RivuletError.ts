import { hasBrand, setBrand } from './brand.js';

/** The brand {@link isRivuletError} checks, shared by every copy of this package. */
const ERROR_BRAND = Symbol.for('rivulet.error');

/**
 * What went wrong, as a machine-readable category:
 * - `invalid-option`: an option is of the wrong type or out of range;
 * - `invalid-input`: data is malformed (a document without text, a negative or non-finite matrix value);
 * - `empty-input`: nothing to work on (an empty corpus, a vocabulary emptied by pruning);
 * - `unknown-plugin`: no plugin is registered under the requested name;
 * - `limit`: the work would exceed a memory or size limit;
 * - `io`: a file could not be read or written;
 * - `model-format`: a saved model is corrupt, truncated or of another version;
 * - `aborted`: the caller cancelled through an `AbortSignal`;
 * - `conflict`: a compare-and-set write lost to another writer (a shared model store);
 * - `worker`: a worker thread failed.
 */
export type ErrorKind =
  | 'invalid-option'
  | 'invalid-input'
  | 'empty-input'
  | 'unknown-plugin'
  | 'limit'
  | 'io'
  | 'model-format'
  | 'aborted'
  | 'conflict'
  | 'worker';

export interface RivuletErrorOptions {
  /** The option or input field at fault, when there is one. */
  readonly parameter?: string;
  readonly cause?: unknown;
}

/**
 * The one error class of Rivulet. Its message always starts with the stage that raised it, and, for bad
 * options or input, names the parameter, the value received and what is allowed:
 * `nmf: components must be an integer in [1, min(rows, cols)] = [1, 6], got 9`.
 *
 * @example
 * ```ts
 * import { isRivuletError } from '@rivulet/core';
 * events$.subscribe({ error: (e) => isRivuletError(e) && console.error(e.kind, e.message) });
 * ```
 */
export class RivuletError extends Error {
  override readonly name = 'RivuletError';
  readonly kind: ErrorKind;
  /** The stage (or package) that raised the error, e.g. `nmf`, `tokenize`. */
  readonly stage: string;
  readonly parameter: string | undefined;

  constructor(kind: ErrorKind, stage: string, message: string, options: RivuletErrorOptions = {}) {
    super(`${stage}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.stage = stage;
    this.parameter = options.parameter;
  }
}

setBrand(RivuletError.prototype, ERROR_BRAND);

/**
 * Type guard for {@link RivuletError}, optionally of one kind. It checks the `Symbol.for('rivulet.error')`
 * brand, not `instanceof`, so an error raised by another installed copy of `@rivulet/core` (a plugin's, a
 * CLI's) is recognised too.
 */
export function isRivuletError(value: unknown, kind?: ErrorKind): value is RivuletError {
  return hasBrand(value, ERROR_BRAND) && (kind === undefined || (value as RivuletError).kind === kind);
}

/**
 * Renders a received value for an error message: numbers and strings as written (`NaN`, `"abc"`), arrays
 * by length, other objects by their constructor.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
}
