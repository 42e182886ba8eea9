import {
  Container,
  ContainerModule,
  type ContainerModuleLoadOptions,
  type Newable,
  type ServiceIdentifier,
} from 'inversify';
import { coreModule } from './coreModule.js';
import { describeValue, RivuletError } from './RivuletError.js';
import type { Stage } from './Stage.js';
import { PLUGINS } from './tokens.js';

/** The roles a plugin can fill; each has one active stage token. */
export type PluginRole = 'tokenizer' | 'vectorizer' | 'decomposer' | 'similarity';

/**
 * What a plugin registers for discovery: its role, its name and a factory that builds its stage with
 * options. A plugin is a `ContainerModule` that binds one of these to {@link PLUGINS} and, usually, its
 * stage class to the role's token.
 */
export interface PluginDescriptor {
  readonly role: PluginRole;
  readonly name: string;
  readonly description: string;
  // biome-ignore lint/suspicious/noExplicitAny: factories take their own option types
  create(options?: any): Stage<any, any>;
}

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
  const container = new Container({ defaultScope: 'Transient' });
  container.load(coreModule());
  for (const m of modules) {
    if (!(m instanceof ContainerModule)) {
      throw new RivuletError(
        'invalid-option',
        'container',
        `modules must be ContainerModule instances, got ${describeValue(m)}`,
        { parameter: 'modules' },
      );
    }
    container.load(m);
  }
  return container;
}

/** The plugins registered in a container, optionally of one role, in load order. */
export function listPlugins(container: Container, role?: PluginRole): PluginDescriptor[] {
  if (!container.isBound(PLUGINS)) return [];
  const all = container.getAll(PLUGINS);
  return role === undefined ? all : all.filter((p) => p.role === role);
}

/**
 * Builds the stage of the plugin registered as `name` for `role`, with `options`.
 * @throws RivuletError `unknown-plugin`, listing the names that are registered.
 */
export function resolvePlugin<S extends Stage<unknown, unknown>>(
  container: Container,
  role: PluginRole,
  name: string,
  options?: unknown,
): S {
  const found = listPlugins(container, role).filter((p) => p.name === name);
  if (found.length === 0) {
    const names = listPlugins(container, role).map((p) => p.name);
    throw new RivuletError(
      'unknown-plugin',
      'container',
      `no ${role} named ${describeValue(name)}; registered: ${names.length ? names.join(', ') : 'none'}`,
      { parameter: role },
    );
  }
  return found[found.length - 1].create(options) as S;
}
