import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createContainer,
  isContainerModule,
  isPluginFactory,
  listPlugins,
  type PluginDescriptor,
  RivuletError,
} from '@rivulet/core';
import { builtInPlugins } from '@rivulet/model';
import type { Container, ContainerModule } from 'inversify';
import { CLI } from './CliError.js';

/** The plugin modules a command resolves names in, a container with them loaded, and who registered what. */
export interface LoadedPlugins {
  readonly modules: readonly ContainerModule[];
  readonly container: Container;
  /** Each `--plugin` and the plugins (role and name) its modules register. */
  readonly fromOptions: readonly {
    readonly specifier: string;
    readonly plugins: readonly PluginDescriptor[];
  }[];
}

/**
 * The built-in plugins (`builtInPlugins()` of `@rivulet/model`: the default tokenizer and vectorizer,
 * `nmf-mu`, `nmf-cd`, `svd`) and then each `--plugin`, so a plugin can add a plugin or replace one by
 * name. A plugin is a module (a package name or a path) whose default export, or any named export, is a
 * `definePlugin` factory (called with no options), a `ContainerModule` or a function named `…Module`
 * returning one (called with no arguments) — recognised by brand or shape, so a plugin built against its
 * own copy of `@rivulet/core` and inversify loads too.
 * @throws RivuletError `unknown-plugin` when the module cannot be imported or exports no plugin module.
 */
export async function loadPlugins(specifiers: readonly string[]): Promise<LoadedPlugins> {
  const modules: ContainerModule[] = builtInPlugins();
  const fromOptions: LoadedPlugins['fromOptions'][number][] = [];
  for (const specifier of specifiers) {
    const imported = await importPlugin(specifier);
    modules.push(...imported);
    fromOptions.push({ specifier, plugins: listPlugins(createContainer(imported)) });
  }
  return { modules, container: createContainer(modules), fromOptions };
}

/**
 * Warnings so that loading a plugin is never silently without effect: one for each `--plugin` plugin of a
 * role the command does not use at all, and one for a `--plugin` none of whose plugins this run uses (a
 * tokenizer plugin loaded without `--tokenizer NAME`). A module that offers several plugins of a role, one
 * of them chosen, is used.
 */
export function warnUnused(
  loaded: LoadedPlugins,
  command: string,
  chosen: Readonly<Record<string, readonly string[] | undefined>>,
  warn: (message: string) => void,
): void {
  const flags: Record<string, string> = {
    tokenizer: '--tokenizer',
    'token-filter': '--token-filter',
    'document-filter': '--document-filter',
    decomposer: '--decomposer',
  };
  for (const { specifier, plugins } of loaded.fromOptions) {
    const used = plugins.some((p) => chosen[p.role]?.includes(p.name));
    for (const plugin of plugins) {
      const names = chosen[plugin.role];
      if (names === undefined) {
        warn(
          `--plugin ${JSON.stringify(specifier)} registers the ${plugin.role} plugin ${JSON.stringify(plugin.name)}, but rivulet ${command} uses no ${plugin.role}`,
        );
      } else if (!used) {
        const flag = flags[plugin.role];
        warn(
          `--plugin ${JSON.stringify(specifier)} registers the ${plugin.role} plugin ${JSON.stringify(plugin.name)}, which this run does not use${flag ? ` (choose it with ${flag} ${plugin.name})` : ''}`,
        );
      }
    }
  }
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
      `cannot load --plugin ${JSON.stringify(specifier)}: ${thrownReason(error)}`,
      { parameter: '--plugin', cause: error },
    );
  }
  const candidates = 'default' in exports ? [exports.default] : Object.values(exports);
  const modules: ContainerModule[] = [];
  for (const candidate of candidates) {
    if (isContainerModule(candidate)) modules.push(candidate);
    else if (isPluginFactory(candidate)) modules.push(candidate());
    else if (typeof candidate === 'function' && candidate.length <= 1 && /Module$/.test(candidate.name)) {
      let made: unknown;
      try {
        made = (candidate as () => unknown)();
      } catch (error) {
        throw new RivuletError(
          'unknown-plugin',
          CLI,
          `--plugin ${JSON.stringify(specifier)}: its factory ${candidate.name}() failed: ${thrownReason(error)}`,
          { parameter: '--plugin', cause: error },
        );
      }
      if (isContainerModule(made)) modules.push(made);
    }
  }
  if (modules.length === 0) {
    throw new RivuletError(
      'unknown-plugin',
      CLI,
      `--plugin ${JSON.stringify(specifier)} exports no plugin module (a definePlugin factory, a ContainerModule, or a function named *Module returning one)`,
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

/**
 * What a plugin threw, for one line: an Error's first line, anything else (`throw 42`) as written. A
 * plugin may throw any value; reading `.message` of a number must not become the error.
 */
export function thrownReason(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return `it threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)} (not an Error)`;
}

/** The names of the registered decomposers, for `--help` and error messages. */
export function decomposerNames(container: Container): string[] {
  return [...new Set(listPlugins(container, 'decomposer').map((p) => p.name))];
}
