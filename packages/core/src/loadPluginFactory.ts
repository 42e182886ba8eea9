import type { WorkerRef } from './capabilities.js';
import { isPluginFactory, type PluginFactory } from './definePlugin.js';
import { RivuletError } from './RivuletError.js';

/**
 * Imports the plugin factory a {@link WorkerRef} points at — what a worker thread does to run a plugin it
 * was only told the address of.
 * @throws RivuletError `unknown-plugin` when the module cannot be imported or the export is not a
 *   `definePlugin` factory.
 */
export async function loadPluginFactory(ref: WorkerRef): Promise<PluginFactory> {
  const where = `${JSON.stringify(ref?.export)} of ${JSON.stringify(ref?.module)}`;
  let exports: Record<string, unknown>;
  try {
    exports = await import(ref.module);
  } catch (error) {
    throw new RivuletError(
      'unknown-plugin',
      'loadPluginFactory',
      `cannot import ${where}: ${(error as Error)?.message}`,
      {
        parameter: 'module',
        cause: error,
      },
    );
  }
  const factory = exports[ref.export];
  if (!isPluginFactory(factory)) {
    throw new RivuletError(
      'unknown-plugin',
      'loadPluginFactory',
      `export ${where} is not a plugin factory (the function definePlugin returns)`,
      { parameter: 'export' },
    );
  }
  return factory;
}
