import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createContainer, listPlugins, RivuletError } from '@rivulet/core';
import { builtInPlugins } from '@rivulet/model';
import type { Container } from 'inversify';
import { ContainerModule } from 'inversify';
import { CLI } from './CliError.js';

/** The plugin modules a command resolves names in, and a container with them loaded. */
export interface LoadedPlugins {
  readonly modules: readonly ContainerModule[];
  readonly container: Container;
}

/**
 * The built-in plugins (`builtInPlugins()` of `@rivulet/model`: the default tokenizer and vectorizer,
 * `nmf-mu`, `nmf-cd`, `svd`) and then each `--plugin`, so a plugin can add a plugin or replace one by
 * name. A plugin is a module (a package name or a path) whose default export, or any named export, is a
 * `ContainerModule` or a function returning one (called with no arguments).
 * @throws RivuletError `unknown-plugin` when the module cannot be imported or exports no plugin module.
 */
export async function loadPlugins(specifiers: readonly string[]): Promise<LoadedPlugins> {
  const modules: ContainerModule[] = builtInPlugins();
  for (const specifier of specifiers) modules.push(...(await importPlugin(specifier)));
  return { modules, container: createContainer(modules) };
}

async function importPlugin(specifier: string): Promise<ContainerModule[]> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier) || /\.[cm]?js$/.test(specifier);
  const url = isPath ? pathToFileURL(resolve(specifier)).href : fromWorkingDirectory(specifier);
  let exports: Record<string, unknown>;
  try {
    exports = await import(url);
  } catch (error) {
    throw new RivuletError(
      'unknown-plugin',
      CLI,
      `cannot load --plugin ${JSON.stringify(specifier)}: ${(error as Error).message.split('\n')[0]}`,
      { parameter: '--plugin', cause: error },
    );
  }
  const candidates = 'default' in exports ? [exports.default] : Object.values(exports);
  const modules: ContainerModule[] = [];
  for (const candidate of candidates) {
    if (isContainerModule(candidate)) modules.push(candidate);
    else if (typeof candidate === 'function' && candidate.length <= 1 && /Module$/.test(candidate.name)) {
      const made = (candidate as () => unknown)();
      if (isContainerModule(made)) modules.push(made);
    }
  }
  if (modules.length === 0) {
    throw new RivuletError(
      'unknown-plugin',
      CLI,
      `--plugin ${JSON.stringify(specifier)} exports no plugin module (a ContainerModule, or a function named *Module returning one)`,
      { parameter: '--plugin' },
    );
  }
  return modules;
}

/**
 * A package installed where the user runs the command is found from there first (a bare `import()` would
 * look only beside the CLI); packages that only resolve for `import` fall back to the CLI's resolution.
 */
function fromWorkingDirectory(specifier: string): string {
  try {
    return pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

function isContainerModule(value: unknown): value is ContainerModule {
  return value instanceof ContainerModule;
}

/** The names of the registered decomposers, for `--help` and error messages. */
export function decomposerNames(container: Container): string[] {
  return [...new Set(listPlugins(container, 'decomposer').map((p) => p.name))];
}
