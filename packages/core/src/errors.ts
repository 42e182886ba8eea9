/**
 * `@rivulet/core/errors`: the error class and its checks alone, for code that must start fast and needs
 * nothing else of core (a command line's `--version`, `--help` and usage errors). The main entry loads
 * the plugin container (InversifyJS, reflect-metadata) and RxJS, about 0.3 s of CPU in Node 20; this one
 * loads two small modules. Both entries export the same class, so `isRivuletError` and `instanceof` agree.
 *
 * @example
 * ```ts
 * import { isRivuletError, RivuletError } from '@rivulet/core/errors';
 * const error = new RivuletError('invalid-option', 'cli', '--k must be an integer, got "x"');
 * isRivuletError(error, 'invalid-option'); // true
 * ```
 */
export type { ErrorKind, RivuletErrorOptions } from './RivuletError.js';
export { describeValue, isRivuletError, RivuletError } from './RivuletError.js';
