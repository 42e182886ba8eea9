import type { ErrorKind } from '@rivulet/core';
import type { Observable } from 'rxjs';

/** One input of the common checks and the outcomes that are acceptable for it. */
export interface CheckCase {
  readonly name: string;
  /** The stage's options for this case (default: the profile's base options). */
  readonly options?: unknown;
  /** A fresh source per run. */
  source(): Observable<unknown>;
  readonly accept: {
    /** Error kinds that are a correct answer (absent: an error is wrong). */
    readonly errors?: readonly ErrorKind[];
    /** A word the error message must contain (the option at fault). */
    readonly parameter?: string;
    /** Checks completed output, returning problems (absent: completing is wrong). */
    readonly values?: (values: readonly unknown[]) => string[];
  };
}

/** Keys of `b` over `a`, as the case's stage options. */
export function withOptions(
  base: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(over))
    Object.defineProperty(out, key, {
      value: over[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** Completing with nothing is the answer (e.g. a stage over an empty stream). */
export const nothing = (values: readonly unknown[]): string[] =>
  values.length === 0 ? [] : [`expected no output, got ${values.length} value(s)`];

/** The option cases every stage faces: unknown keys (a typo, `__proto__`, `constructor`). */
export function unknownKeyCases(
  base: Readonly<Record<string, unknown>>,
  source: () => Observable<unknown>,
  errors: readonly ErrorKind[] = ['invalid-option'],
): CheckCase[] {
  const protoKey = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
  return [
    {
      name: 'options: an unknown key',
      options: withOptions(base, { notAnOption: 1 }),
      source,
      accept: { errors, parameter: 'notAnOption' },
    },
    {
      name: 'options: a __proto__ key (from JSON)',
      options: withOptions(base, protoKey),
      source,
      accept: { errors, parameter: '__proto__' },
    },
    {
      name: 'options: a constructor key',
      options: withOptions(base, { constructor: { polluted: true } }),
      source,
      accept: { errors, parameter: 'constructor' },
    },
  ];
}

/**
 * A plugin's own bad option sets (`badOptions`), each merged over `base`: refused with `invalid-option`
 * naming its first key.
 */
export function badOptionCases(
  base: Readonly<Record<string, unknown>>,
  badOptions: readonly Readonly<Record<string, unknown>>[],
  source: () => Observable<unknown>,
): CheckCase[] {
  return badOptions.map((bad) => ({
    name: `options: ${describeOptions(bad)}`,
    options: withOptions(base, bad),
    source,
    accept: { errors: ['invalid-option'], parameter: Object.keys(bad)[0] },
  }));
}

/** `key value, key value` for case names (strings quoted). */
export function describeOptions(o: Readonly<Record<string, unknown>>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))}`)
    .join(', ');
}
