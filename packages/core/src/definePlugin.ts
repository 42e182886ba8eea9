import { ContainerModule, type ResolutionContext } from 'inversify';
import { defer, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { hasBrand, setBrand } from './brand.js';
import type { PluginCapabilities } from './capabilities.js';
import type { OptionsSchema } from './optionsSchema.js';
import { describeValue, RivuletError } from './RivuletError.js';
import { type DataKind, defineRole, type PluginRole, roleSpec } from './roles.js';
import type { Stage } from './Stage.js';
import type { RunControls, StopOption } from './stop.js';
import { PLUGINS, SCHEDULER } from './tokens.js';

const DESCRIPTOR_BRAND = Symbol.for('rivulet.plugin');
const MODULE_BRAND = Symbol.for('rivulet.plugin-module');
const FACTORY_BRAND = Symbol.for('rivulet.plugin-factory');

/** What a stage function gets besides its options. */
export interface StageContext {
  /** The container's `SCHEDULER`, when one is bound. */
  readonly scheduler?: SchedulerLike;
  /** The run's graceful stop (already merged into the options of a `trainingLoop` plugin). */
  readonly stop?: StopOption;
  /** The run's hard cancel. */
  readonly signal?: AbortSignal;
}

/** The argument of {@link definePlugin}. `O` is the options type, `I → Out` what the stage maps. */
export interface PluginDefinition<O extends object, I, Out, S = unknown, TIn = unknown, TOut = unknown> {
  /** A built-in role or a new one (declared with `defineRole`, or from `input`/`output` here). */
  readonly role: PluginRole;
  /** Unique within its role, e.g. `nmf-mu`. */
  readonly name: string;
  /** One line, for `rivulet plugins` and `--help`. */
  readonly description: string;
  /** Every option, described (type, default, one line each). */
  readonly options: OptionsSchema<O>;
  /**
   * The stage as an operator, given the options after the create rule (the module's, overridden key by
   * key by the call's). It validates them itself, when subscribed, so errors reach the subscriber.
   */
  readonly stage: (options: O, context: StageContext) => OperatorFunction<I, Out>;
  readonly capabilities?: PluginCapabilities<O, S, Out, TIn, TOut>;
  /**
   * Optional early check of options that do not depend on the data: called with the module's options
   * when the module is made (so a typo fails there) and with the resolved options by `create`. Without
   * it, the stage validates when its stream is subscribed.
   */
  readonly validate?: (options: Partial<O>) => void;
  /** What a stage of a new role takes and emits (see `DataKind`); built-in roles know theirs. */
  readonly input?: DataKind;
  readonly output?: DataKind;
}

/**
 * A plugin as registered on `PLUGINS`: the definition plus the options its module was made with
 * (`moduleOptions`), and `create`, which builds its stage.
 */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds descriptors of every option and stage type
export interface PluginDescriptor<O extends object = any, I = any, Out = any, S = any> {
  readonly role: PluginRole;
  readonly name: string;
  readonly description: string;
  readonly options: OptionsSchema<O>;
  readonly capabilities: PluginCapabilities<O, S, Out>;
  readonly input: DataKind;
  readonly output: DataKind;
  /** The options given to the module (`{}` on a factory's own descriptor). */
  readonly moduleOptions: Partial<O>;
  /**
   * Builds the stage. The one rule: the options it runs with are the module's options, overridden key by
   * key by `options` (a key given as `undefined` does not override). A `trainingLoop` stage also gets the
   * container's scheduler and the run's `stop` unless the options name their own.
   */
  create(options?: Partial<O>, context?: StageContext): Stage<I, Out>;
  /** The options a `create(options)` call runs with (the create rule), for tools that record them. */
  resolveOptions(options?: Partial<O>): O;
}

/** A plugin's container module: an inversify `ContainerModule` that carries its descriptor. */
// biome-ignore lint/suspicious/noExplicitAny: see PluginDescriptor
export interface PluginModule<O extends object = any, I = any, Out = any, S = any> extends ContainerModule {
  readonly descriptor: PluginDescriptor<O, I, Out, S>;
}

/**
 * What {@link definePlugin} returns: call it with the module's options to get the `ContainerModule`;
 * `descriptor` describes the plugin without building anything (for `--help`, `rivulet plugins`).
 */
// biome-ignore lint/suspicious/noExplicitAny: see PluginDescriptor
export interface PluginFactory<O extends object = any, I = any, Out = any, S = any> {
  (options?: O): PluginModule<O, I, Out, S>;
  readonly descriptor: PluginDescriptor<O, I, Out, S>;
}

/** Every plugin defined in this process (by any copy of core), by role, for "modules that could fill it". */
const DEFINED_KEY = Symbol.for('rivulet.plugin-definitions');
const defined: Map<string, Set<string>> = ((globalThis as Record<symbol, unknown>)[DEFINED_KEY] ??= new Map<
  string,
  Set<string>
>()) as Map<string, Set<string>>;

/** The names of the plugins of `role` defined in this process so far (by `definePlugin`). */
export function definedPlugins(role: PluginRole): string[] {
  return [...(defined.get(role) ?? [])];
}

/**
 * Defines a plugin: the one way, used by every built-in module. Returns a factory; `factory(options)` is
 * the `ContainerModule` to load, which
 * - registers the descriptor on `PLUGINS` (discovery by role and name: `listPlugins`, `resolvePlugin`);
 * - binds the stage to the role's token: the module loaded last is the active one for a single role
 *   (swapping), every module adds a stage in load order for a multiple role (`token-filter`,
 *   `document-filter`).
 *
 * The create rule, the same for every plugin: a stage runs with the module's options, overridden key by
 * key by the options given to `create` (keys given as `undefined` do not override).
 *
 * @example
 * ```ts
 * import { definePlugin } from '@rivulet/core';
 * import { filter, map } from 'rxjs';
 * export const minLengthModule = definePlugin({
 *   role: 'token-filter',
 *   name: 'min-length',
 *   description: 'drops tokens shorter than min',
 *   options: { min: { type: 'integer', min: 1, default: 2, description: 'shortest token kept' } },
 *   stage: ({ min = 2 }: { min?: number }) => map((d) => ({ ...d, tokens: d.tokens.filter((t) => t.length >= min) })),
 * });
 * createContainer([tokenizerModule(), minLengthModule({ min: 3 }), vectorizerModule(), nmfMuModule({ components: 3 })]);
 * ```
 * @throws RivuletError `invalid-option` naming the field of a malformed definition.
 */
export function definePlugin<O extends object, I, Out, S = unknown, TIn = unknown, TOut = unknown>(
  definition: PluginDefinition<O, I, Out, S, TIn, TOut>,
): PluginFactory<O, I, Out, S> {
  checkDefinition(definition);
  const role =
    roleSpec(definition.role) ??
    defineRole({
      role: definition.role,
      input: definition.input ?? 'any',
      output: definition.output ?? 'any',
      description: `${definition.role} (defined by plugin ${definition.name})`,
    });
  if (!defined.has(role.role)) defined.set(role.role, new Set());
  defined.get(role.role)?.add(definition.name);

  const describe = (moduleOptions: Partial<O>): PluginDescriptor<O, I, Out, S> => {
    const capabilities = (definition.capabilities ?? {}) as PluginCapabilities<O, S, Out>;
    const resolveOptions = (options?: Partial<O>) => overrideOptions(moduleOptions, options) as O;
    const descriptor: PluginDescriptor<O, I, Out, S> = {
      role: role.role,
      name: definition.name,
      description: definition.description,
      options: definition.options,
      capabilities,
      input: definition.input ?? role.input,
      output: definition.output ?? role.output,
      moduleOptions,
      resolveOptions,
      create(options, context = {}) {
        const base = resolveOptions(options);
        definition.validate?.(base);
        return {
          name: definition.name,
          input: descriptor.input,
          output: descriptor.output,
          apply: (source, controls?: RunControls) =>
            defer(() => {
              const run: StageContext = {
                scheduler: context.scheduler,
                stop: controls?.stop ?? context.stop,
                signal: controls?.signal ?? context.signal,
              };
              const options = capabilities.trainingLoop
                ? withLoopControls(base, run, definition.options)
                : base;
              return source.pipe(definition.stage(options, run));
            }),
        };
      },
    };
    return Object.freeze(setBrand(descriptor, DESCRIPTOR_BRAND));
  };

  const factory = (options?: O): PluginModule<O, I, Out, S> => {
    if (
      options !== undefined &&
      (options === null || typeof options !== 'object' || Array.isArray(options))
    ) {
      throw new RivuletError(
        'invalid-option',
        definition.name,
        `options must be an object, got ${describeValue(options)}`,
        { parameter: 'options' },
      );
    }
    definition.validate?.(options ?? {});
    const descriptor = describe({ ...(options ?? {}) } as Partial<O>);
    const module = new ContainerModule((load) => {
      load.bind(PLUGINS).toConstantValue(descriptor);
      const make = (context: ResolutionContext) =>
        descriptor.create(undefined, { scheduler: context.get(SCHEDULER, { optional: true }) });
      if (role.multiple) load.bind(role.token).toDynamicValue(make);
      else (load.isBound(role.token) ? load.rebind(role.token) : load.bind(role.token)).toDynamicValue(make);
    }) as ContainerModule & { descriptor: PluginDescriptor<O, I, Out, S> };
    Object.defineProperty(module, 'descriptor', { value: descriptor, enumerable: true });
    return setBrand(module, MODULE_BRAND) as PluginModule<O, I, Out, S>;
  };
  Object.defineProperty(factory, 'descriptor', { value: describe({}), enumerable: true });
  return setBrand(factory, FACTORY_BRAND) as PluginFactory<O, I, Out, S>;
}

/** True for a plugin descriptor made by `definePlugin` of any copy of `@rivulet/core`. */
export function isPluginDescriptor(value: unknown): value is PluginDescriptor {
  return hasBrand(value, DESCRIPTOR_BRAND);
}

/** True for a module made by a `definePlugin` factory of any copy of `@rivulet/core`. */
export function isPluginModule(value: unknown): value is PluginModule {
  return hasBrand(value, MODULE_BRAND);
}

/** True for a factory returned by `definePlugin` of any copy of `@rivulet/core`. */
export function isPluginFactory(value: unknown): value is PluginFactory {
  return hasBrand(value, FACTORY_BRAND);
}

/** The create rule: `base` overridden key by key by `overrides`, keys given as `undefined` skipped. */
function overrideOptions<O extends object>(base: Partial<O>, overrides: Partial<O> | undefined): Partial<O> {
  if (overrides === undefined || overrides === null) return { ...base };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  // defineProperty, not assignment: a `__proto__` key (from JSON) stays an own key, which the stage's
  // option check then rejects, instead of silently replacing the prototype.
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined)
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out as Partial<O>;
}

/**
 * A training-loop stage's options with the container's scheduler and the run's stop, unless the options
 * name their own — each only when the options schema has the key (a worker stage takes no scheduler).
 */
function withLoopControls<O extends object>(options: O, run: StageContext, schema: object): O {
  const o = options as Record<string, unknown>;
  const out: Record<string, unknown> = { ...o };
  if ('scheduler' in schema && o.scheduler === undefined && run.scheduler !== undefined) {
    out.scheduler = run.scheduler;
  }
  if ('stop' in schema && o.stop === undefined && run.stop !== undefined) out.stop = run.stop;
  return out as O;
}

function checkDefinition(definition: unknown): void {
  const d = definition as Record<string, unknown> | null;
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new RivuletError(
      'invalid-option',
      'definePlugin',
      `${field} must be ${expected}, got ${describeValue(got)}`,
      { parameter: field },
    );
  };
  if (d === null || typeof d !== 'object') fail('definition', 'an object', d);
  const def = d as Record<string, unknown>;
  if (typeof def.role !== 'string' || def.role === '') fail('role', 'a role name', def.role);
  if (typeof def.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(def.name)) {
    fail('name', 'a name of letters, digits, ".", "_" or "-"', def.name);
  }
  if (typeof def.description !== 'string' || def.description === '') {
    fail('description', 'a one-line description', def.description);
  }
  if (def.options === null || typeof def.options !== 'object')
    fail('options', 'an options schema', def.options);
  for (const [key, spec] of Object.entries(def.options as object)) {
    const s = spec as { type?: unknown; description?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.type === undefined || typeof s.description !== 'string') {
      fail(`options.${key}`, 'an option spec { type, description, default? }', spec);
    }
  }
  if (typeof def.stage !== 'function')
    fail('stage', 'a function (options, context) => OperatorFunction', def.stage);
  if (def.capabilities !== undefined && (def.capabilities === null || typeof def.capabilities !== 'object')) {
    fail('capabilities', 'an object', def.capabilities);
  }
}
