import type { WorkerRef } from './capabilities.js';
import { isPluginFactory, type PluginFactory } from './definePlugin.js';
import { RivuletError } from './RivuletError.js';

/**
 * What a {@link WorkerRef} points at: a `definePlugin` factory, whose stage a worker creates and applies,
 * or a training function `(matrix, options) => Observable<TrainingEvent>` that a worker calls.
 */
export type WorkerExport =
  | { readonly kind: 'plugin'; readonly factory: PluginFactory }
  | { readonly kind: 'function'; readonly train: (matrix: unknown, options: object) => unknown };

/**
 * Imports what a {@link WorkerRef} points at — what a worker thread does to run a plugin (or a training
 * function) it was only told the address of, so that it names no plugin itself.
 * @throws RivuletError `unknown-plugin` when the module cannot be imported or the export is neither a
 *   `definePlugin` factory nor a function.
 */
export async function loadWorkerExport(ref: WorkerRef): Promise<WorkerExport> {
  const exported = await importExport(ref, 'loadWorkerExport');
  if (isPluginFactory(exported)) return { kind: 'plugin', factory: exported };
  if (typeof exported === 'function') {
    return { kind: 'function', train: exported as (matrix: unknown, options: object) => unknown };
  }
  throw new RivuletError(
    'unknown-plugin',
    'loadWorkerExport',
    `export ${where(ref)} is neither a plugin factory (the function definePlugin returns) nor a training function`,
    { parameter: 'export' },
  );
}

/**
 * Imports the plugin factory a {@link WorkerRef} points at.
 * @throws RivuletError `unknown-plugin` when the module cannot be imported or the export is not a
 *   `definePlugin` factory.
 */
export async function loadPluginFactory(ref: WorkerRef): Promise<PluginFactory> {
  const factory = await importExport(ref, 'loadPluginFactory');
  if (!isPluginFactory(factory)) {
    throw new RivuletError(
      'unknown-plugin',
      'loadPluginFactory',
      `export ${where(ref)} is not a plugin factory (the function definePlugin returns)`,
      { parameter: 'export' },
    );
  }
  return factory;
}

const where = (ref: WorkerRef) => `${JSON.stringify(ref?.export)} of ${JSON.stringify(ref?.module)}`;

async function importExport(ref: WorkerRef, stage: string): Promise<unknown> {
  let exports: Record<string, unknown>;
  try {
    exports = await import(ref.module);
  } catch (error) {
    throw new RivuletError(
      'unknown-plugin',
      stage,
      `cannot import ${where(ref)}: ${(error as Error)?.message}`,
      {
        parameter: 'module',
        cause: error,
      },
    );
  }
  return exports[ref.export];
}
