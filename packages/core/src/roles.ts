import { RivuletError } from './RivuletError.js';

/** The roles Rivulet's own stages fill. */
export type BuiltInRole =
  | 'source'
  | 'document-filter'
  | 'tokenizer'
  | 'token-filter'
  | 'vectorizer'
  | 'decomposer'
  | 'similarity'
  | 'sink';

/** A role name: a built-in one, or any other a plugin defines with {@link defineRole}. */
export type PluginRole = BuiltInRole | (string & {});

/**
 * What flows between stages, as a name for run-time checks when static types are erased (plain
 * JavaScript, `any`): `documents` (`Document`), `tokens` (`TokenizedDocument`), `matrix`
 * (`DocTermMatrix`), `events` (training or pipeline events), `result` (`ResultEvent` or W),
 * `similarity-index`, or `any` (checks nothing). Plugins may name their own.
 */
export type DataKind = string;

/** A role: its container token, what its stage takes and emits, and whether several stages fill it. */
export interface RoleSpec {
  readonly role: PluginRole;
  /** `Symbol.for('rivulet.<role>')`: the same token in every copy of `@rivulet/core`. */
  readonly token: symbol;
  readonly input: DataKind;
  readonly output: DataKind;
  /**
   * `true`: every module that fills the role adds a stage, and they run in load order (filters);
   * `false`: the module loaded last is the active stage (swapping).
   */
  readonly multiple: boolean;
  readonly description: string;
  /** Built-in modules that fill the role, for error messages (`tokenizerModule (@rivulet/tokenizer)`). */
  readonly modules: readonly string[];
}

/** The role registry, shared by every copy of this package loaded in the process. */
const REGISTRY_KEY = Symbol.for('rivulet.roles');
const registry: Map<string, RoleSpec> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] ??= new Map<
  string,
  RoleSpec
>()) as Map<string, RoleSpec>;

/** The container token of `role`: `Symbol.for('rivulet.<role>')`. */
export function roleToken(role: PluginRole): symbol {
  return Symbol.for(`rivulet.${role}`);
}

/**
 * Declares a role (built-in roles are declared by `@rivulet/core` itself). Declaring a known role again
 * with the same kinds is a no-op; with other kinds it is an `invalid-option` error.
 *
 * @example
 * ```ts
 * defineRole({ role: 'language-detector', input: 'documents', output: 'documents', multiple: false,
 *   description: 'tags each document with its language' });
 * ```
 */
export function defineRole(spec: {
  readonly role: PluginRole;
  readonly input: DataKind;
  readonly output: DataKind;
  readonly multiple?: boolean;
  readonly description: string;
  readonly modules?: readonly string[];
}): RoleSpec {
  if (typeof spec?.role !== 'string' || !/^[a-z][a-z0-9-]*$/.test(spec.role)) {
    throw new RivuletError(
      'invalid-option',
      'defineRole',
      `role must be a lower-case name such as "token-filter", got ${JSON.stringify(spec?.role)}`,
      { parameter: 'role' },
    );
  }
  const known = registry.get(spec.role);
  const multiple = spec.multiple ?? false;
  if (known) {
    if (known.input !== spec.input || known.output !== spec.output || known.multiple !== multiple) {
      throw new RivuletError(
        'invalid-option',
        'defineRole',
        `role "${spec.role}" is already defined as ${known.input} → ${known.output}${known.multiple ? ' (multiple)' : ''}, got ${spec.input} → ${spec.output}${multiple ? ' (multiple)' : ''}`,
        { parameter: 'role' },
      );
    }
    return known;
  }
  const role: RoleSpec = {
    role: spec.role,
    token: roleToken(spec.role),
    input: spec.input,
    output: spec.output,
    multiple,
    description: spec.description,
    modules: spec.modules ?? [],
  };
  registry.set(spec.role, role);
  return role;
}

/** The declared role named `role`, if any. */
export function roleSpec(role: string): RoleSpec | undefined {
  return registry.get(role);
}

/** The declared role whose token is `token`, if any. */
export function roleOfToken(token: unknown): RoleSpec | undefined {
  if (typeof token !== 'symbol') return undefined;
  const key = Symbol.keyFor(token);
  return key?.startsWith('rivulet.') ? registry.get(key.slice('rivulet.'.length)) : undefined;
}

/** Every declared role, built-in ones first. */
export function listRoles(): RoleSpec[] {
  return [...registry.values()];
}

defineRole({
  role: 'source',
  input: 'any',
  output: 'documents',
  description: 'produces documents (files, lines, streams, a message broker)',
  modules: ['@rivulet/sources'],
});
defineRole({
  role: 'document-filter',
  input: 'documents',
  output: 'documents',
  multiple: true,
  description:
    'drops or rewrites documents before tokenizing (dedupe, language detection); all run, in load order',
});
defineRole({
  role: 'tokenizer',
  input: 'documents',
  output: 'tokens',
  description: 'turns documents into token lists',
  modules: ['tokenizerModule (@rivulet/tokenizer)'],
});
defineRole({
  role: 'token-filter',
  input: 'tokens',
  output: 'tokens',
  multiple: true,
  description:
    'drops or rewrites tokens between tokenizer and vectorizer (lemmatizer, stop words); all run, in load order',
});
defineRole({
  role: 'vectorizer',
  input: 'tokens',
  output: 'matrix',
  description: 'builds the document-term matrix',
  modules: ['vectorizerModule, hashingVectorizerModule (@rivulet/vectorizer)'],
});
defineRole({
  role: 'decomposer',
  input: 'matrix',
  output: 'events',
  description: 'factorises the document-term matrix, emitting training events and a result',
  modules: [
    'nmfMuModule, nmfCdModule, svdModule, onlineNmfModule, workerDecomposerModule (@rivulet/decomposition)',
  ],
});
defineRole({
  role: 'similarity',
  input: 'result',
  output: 'similarity-index',
  description: 'indexes the rows of W for nearest-neighbour queries',
  modules: ['similarityModule (@rivulet/similarity)'],
});
defineRole({
  role: 'sink',
  input: 'events',
  output: 'any',
  description: 'consumes pipeline events (a file, a message broker, a model store)',
});
