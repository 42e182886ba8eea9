import {
  Container,
  type ContainerModule,
  type ContainerModuleLoadOptions,
  type Newable,
  type ServiceIdentifier,
} from 'inversify';
import { coreModule } from './coreModule.js';
import type { PluginDescriptor } from './definePlugin.js';
import { describeValue, RivuletError } from './RivuletError.js';
import type { PluginRole } from './roles.js';
import type { Stage } from './Stage.js';
import { PLUGINS } from './tokens.js';
import { closestName } from './validate.js';

/**
 * Binds `stage` as the active implementation of `token`, replacing whatever an earlier module bound, so
 * that the module loaded last wins (that is what swapping a plugin means).
 */
export function bindActive<T>(
  options: ContainerModuleLoadOptions,
  token: ServiceIdentifier<T>,
  stage: Newable<T>,
): void {
  const syntax = options.isBound(token) ? options.rebind(token) : options.bind(token);
  syntax.to(stage).inTransientScope();
}

/**
 * Creates a container with the core bindings (the pipeline) and the given plugin modules loaded in order.
 *
 * @example
 * ```ts
 * const rivulet = createContainer([tokenizerModule(), vectorizerModule(), nmfModule({ components: 3 })]);
 * const pipeline = rivulet.get(PIPELINE);
 * ```
 */
export function createContainer(modules: readonly ContainerModule[] = []): Container {
  if (!Array.isArray(modules)) {
    throw new RivuletError(
      'invalid-option',
      'container',
      `modules must be an array of container modules, got ${describeValue(modules)}`,
      { parameter: 'modules' },
    );
  }
  // autobind: a user's @injectable stage class (or the classes it injects) resolves without a binding.
  const container = new Container({ defaultScope: 'Transient', autobind: true });
  container.load(coreModule());
  modules.forEach((m, i) => {
    if (!isContainerModule(m)) {
      throw new RivuletError(
        'invalid-option',
        'container',
        `modules[${i}] must be a container module (an inversify ContainerModule, e.g. tokenizerModule()), got ${describeValue(m)}${typeof m === 'function' ? ' (a plugin factory? call it: nmfMuModule({ components: 3 }))' : ''}`,
        { parameter: 'modules' },
      );
    }
    container.load(m);
  });
  return container;
}

/**
 * True for an inversify `ContainerModule` from any copy of inversify: checked by shape (a numeric `id`
 * and a `load` function, all that `Container.load` uses), never by `instanceof`, so a module built
 * against a plugin's own copy of inversify loads into this container.
 */
export function isContainerModule(value: unknown): value is ContainerModule {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ContainerModule).load === 'function' &&
    typeof (value as ContainerModule).id === 'number'
  );
}

/** The plugins registered in a container, optionally of one role, in load order. */
export function listPlugins(container: Container, role?: PluginRole): PluginDescriptor[] {
  if (!container.isBound(PLUGINS)) return [];
  const all = container.getAll(PLUGINS);
  return role === undefined ? all : all.filter((p) => p.role === role);
}

/**
 * Builds the stage of the plugin registered as `name` for `role` (the last registered, when two share the
 * name), with `options` by the create rule: the module's options, overridden key by key by these.
 * @throws RivuletError `unknown-plugin`, listing the names that are registered.
 */
// biome-ignore lint/suspicious/noExplicitAny: the caller names the stage type it expects
export function resolvePlugin<S extends Stage<any, any>>(
  container: Container,
  role: PluginRole,
  name: string,
  options?: unknown,
): S {
  return findPlugin(container, role, name).create(options as never) as S;
}

/**
 * The descriptor of the plugin registered as `name` for `role` (the last registered, when two share it).
 * @throws RivuletError `unknown-plugin`, listing the names that are registered and the closest one.
 */
export function findPlugin(container: Container, role: PluginRole, name: string): PluginDescriptor {
  const registered = listPlugins(container, role);
  const found = registered.filter((p) => p.name === name);
  if (found.length === 0) {
    const names = [...new Set(registered.map((p) => p.name))];
    const hint = typeof name === 'string' ? closestName(name, names) : undefined;
    throw new RivuletError(
      'unknown-plugin',
      'container',
      `no ${role} named ${describeValue(name)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; registered: ${names.length ? names.join(', ') : 'none'}`,
      { parameter: role },
    );
  }
  return found[found.length - 1];
}
