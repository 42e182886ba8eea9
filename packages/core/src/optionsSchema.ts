import { describeValue, RivuletError } from './RivuletError.js';
import { closestName, invalidOption, knownOptions } from './validate.js';

/** The JavaScript types an option may take; `values` lists literal alternatives beside them. */
export type OptionType = 'integer' | 'number' | 'boolean' | 'string' | 'string[]' | 'object' | 'function';

/** A literal an option may take, e.g. `'l2'`, `'same'`, `null`. */
export type OptionLiteral = string | number | boolean | null;

/**
 * One option of a plugin, described for tools: enough for a command line to write `--help`, to parse and
 * validate a value, and to suggest the closest name for a misspelt one.
 */
export interface OptionSpec {
  /** The type(s) the value may have (besides the literals in `values`). */
  readonly type: OptionType | readonly OptionType[];
  /** One line: what the option does. */
  readonly description: string;
  /** The default, as a value, or a short phrase when it is computed (`"'l2' for tfidf, else null"`). */
  readonly default?: OptionLiteral | readonly OptionLiteral[];
  /**
   * Literal values allowed. With `type` `'string'`, a string must be one of these when any of these is a
   * string (an enumeration); other types are allowed beside them (`alphaH`: a number or `'same'`).
   */
  readonly values?: readonly OptionLiteral[];
  /** Bounds of a number or integer, inclusive. */
  readonly min?: number;
  readonly max?: number;
  /** The stage cannot run without it. */
  readonly required?: boolean;
  /** Only settable from code (a scheduler, an AbortSignal, matrices, a shared object): no command-line flag. */
  readonly codeOnly?: boolean;
}

/** Every option of a plugin, by name. Typed over the options interface so none can be left undescribed. */
export type OptionsSchema<O = Record<string, unknown>> = { readonly [K in keyof O]-?: OptionSpec };

/**
 * What `spec` allows, in the words of error messages: `an integer in [1, ∞)`, `one of "l1", "l2", null`.
 */
export function describeOption(spec: OptionSpec): string {
  const types = typeList(spec);
  const parts: string[] = [];
  const range = (integer: boolean) => {
    const lo = spec.min === undefined ? '(-∞' : `[${spec.min}`;
    const hi = spec.max === undefined ? '∞)' : `${spec.max}]`;
    return spec.min === undefined && spec.max === undefined
      ? integer
        ? 'an integer'
        : 'a finite number'
      : `${integer ? 'an integer' : 'a finite number'} in ${lo}, ${hi}`;
  };
  for (const t of types) {
    if (t === 'integer') parts.push(range(true));
    else if (t === 'number') parts.push(range(false));
    else if (t === 'boolean') parts.push('true or false');
    else if (t === 'string' && !enumerated(spec)) parts.push('a string');
    else if (t === 'string[]') parts.push('an array of strings');
    else if (t === 'object') parts.push('an object');
    else if (t === 'function') parts.push('a function');
  }
  if (spec.values?.length) {
    const literals = spec.values.map((v) => describeValue(v)).join(', ');
    parts.push(parts.length === 0 ? `one of ${literals}` : literals);
  }
  return parts.join(' or ');
}

/** True when `value` is allowed by `spec`. */
export function optionAllows(spec: OptionSpec, value: unknown): boolean {
  if (spec.values?.includes(value as OptionLiteral)) return true;
  for (const t of typeList(spec)) {
    const inRange = (v: number) =>
      (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max);
    if (t === 'integer' && Number.isInteger(value) && inRange(value as number)) return true;
    if (t === 'number' && typeof value === 'number' && Number.isFinite(value) && inRange(value)) return true;
    if (t === 'boolean' && typeof value === 'boolean') return true;
    if (t === 'string' && typeof value === 'string' && !enumerated(spec)) return true;
    if (t === 'string[]' && Array.isArray(value) && value.every((v) => typeof v === 'string')) return true;
    if (t === 'object' && value !== null && typeof value === 'object') return true;
    if (t === 'function' && typeof value === 'function') return true;
  }
  return false;
}

/**
 * Validates `options` against `schema`: an unknown key is an `invalid-option` error with a "did you mean"
 * hint, a missing required option or a value of the wrong type names the option, the value and what is
 * allowed. The stage still validates what depends on the data (e.g. `components ≤ min(rows, cols)`).
 *
 * @example
 * ```ts
 * checkOptions('nmf-mu', nmfMuModule.descriptor.options, { component: 3 });
 * // RivuletError: nmf-mu: unknown option "component" (did you mean "components"?); known options: …
 * ```
 */
export function checkOptions(stage: string, schema: OptionsSchema, options: unknown): void {
  knownOptions(stage, options, Object.keys(schema));
  const given = (options ?? {}) as Record<string, unknown>;
  for (const [name, spec] of Object.entries(schema) as [string, OptionSpec][]) {
    const value = given[name];
    if (value === undefined) {
      if (spec.required) invalidOption(stage, name, describeOption(spec), value);
      continue;
    }
    if (!optionAllows(spec, value)) invalidOption(stage, name, describeOption(spec), value);
  }
}

/**
 * Parses a command-line value for option `name` as its spec's type: integers and numbers, `true`/`false`,
 * `null` when a literal, comma-separated lists for `string[]`; the result is checked with `optionAllows`.
 * @throws RivuletError `invalid-option` naming `--<flag>` (or the option), the text and what is allowed;
 *   a code-only option cannot be given as text.
 */
export function parseOptionValue(stage: string, name: string, spec: OptionSpec, text: string): unknown {
  if (spec.codeOnly) {
    throw new RivuletError('invalid-option', stage, `${name} can only be set from code, not as text`, {
      parameter: name,
    });
  }
  const candidates: unknown[] = [];
  const literal = spec.values?.find((v) => String(v) === text);
  if (literal !== undefined || (text === 'null' && spec.values?.includes(null))) {
    candidates.push(literal ?? null);
  }
  for (const t of typeList(spec)) {
    if ((t === 'integer' || t === 'number') && text.trim() !== '' && Number.isFinite(Number(text))) {
      candidates.push(Number(text));
    } else if (t === 'boolean' && (text === 'true' || text === 'false')) candidates.push(text === 'true');
    else if (t === 'string') candidates.push(text);
    else if (t === 'string[]') candidates.push(text === '' ? [] : text.split(',').map((s) => s.trim()));
  }
  const found = candidates.find((c) => optionAllows(spec, c));
  if (found === undefined) invalidOption(stage, name, describeOption(spec), text);
  return found;
}

/**
 * The option of `schema` closest to a misspelt `name`, for "did you mean" hints (undefined when none is
 * within two edits).
 */
export function suggestOption(schema: OptionsSchema, name: string): string | undefined {
  return closestName(name, Object.keys(schema));
}

function typeList(spec: OptionSpec): readonly OptionType[] {
  return typeof spec.type === 'string' ? [spec.type] : spec.type;
}

function enumerated(spec: OptionSpec): boolean {
  return spec.values?.some((v) => typeof v === 'string') ?? false;
}
