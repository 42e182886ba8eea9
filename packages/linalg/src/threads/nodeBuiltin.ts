/**
 * A Node built-in module (`node:os`, `node:worker_threads`) by `process.getBuiltinModule` (Node ≥ 20.16),
 * or undefined where there is none (a browser, an older runtime): this package stays importable anywhere
 * and only its optional second thread needs Node.
 *
 * @example
 * ```ts
 * const os = nodeBuiltin<typeof import('node:os')>('node:os'); // internal
 * ```
 */
export function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}
