import { describeValue, RivuletError } from './RivuletError.js';

/**
 * Option validation shared by every stage, so that all messages read alike:
 * `<stage>: <parameter> must be <expected>, got <value>`.
 */

/** Throws an `invalid-option` error for `parameter`. */
export function invalidOption(stage: string, parameter: string, expected: string, got: unknown): never {
  throw new RivuletError(
    'invalid-option',
    stage,
    `${parameter} must be ${expected}, got ${describeValue(got)}`,
    {
      parameter,
    },
  );
}

export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
  /** How to name the bounds in the message, e.g. `[1, min(rows, cols)] = [1, 6]`. */
  readonly label?: string;
}

/** Checks that `value` is an integer within `[min, max]` and returns it. */
export function integerOption(
  stage: string,
  parameter: string,
  value: unknown,
  range: IntegerRange = {},
): number {
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = range;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalidOption(stage, parameter, `an integer${rangeLabel(range, min, max)}`, value);
  }
  return value;
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly label?: string;
}

/** Checks that `value` is a finite number within the range and returns it. */
export function numberOption(
  stage: string,
  parameter: string,
  value: unknown,
  range: NumberRange = {},
): number {
  const {
    min = Number.NEGATIVE_INFINITY,
    max = Number.POSITIVE_INFINITY,
    minExclusive,
    maxExclusive,
  } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max);
  if (!ok) {
    const lo = Number.isFinite(min) ? `${minExclusive ? '(' : '['}${min}` : '(-∞';
    const hi = Number.isFinite(max) ? `${max}${maxExclusive ? ')' : ']'}` : '∞)';
    invalidOption(stage, parameter, `a finite number in ${range.label ?? `${lo}, ${hi}`}`, value);
  }
  return value as number;
}

/** Checks that `value` is one of `allowed` and returns it. */
export function oneOfOption<T extends string | number | boolean | null>(
  stage: string,
  parameter: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    invalidOption(stage, parameter, `one of ${allowed.map((a) => describeValue(a)).join(', ')}`, value);
  }
  return value as T;
}

/** Checks that `value` is a boolean and returns it. */
export function booleanOption(stage: string, parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') invalidOption(stage, parameter, 'true or false', value);
  return value as boolean;
}

/**
 * Rejects option keys a stage does not know, so that a typo (`component: 3`) is an error instead of being
 * silently ignored. Suggests the closest known key.
 */
export function knownOptions(stage: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new RivuletError(
      'invalid-option',
      stage,
      `options must be an object, got ${describeValue(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = closestName(key, known);
      throw new RivuletError(
        'invalid-option',
        stage,
        `unknown option ${JSON.stringify(key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; known options: ${known.join(', ')}`,
        { parameter: key },
      );
    }
  }
}

function rangeLabel(range: IntegerRange, min: number, max: number): string {
  if (range.label) return ` in ${range.label}`;
  if (Number.isFinite(min) && Number.isFinite(max)) return ` in [${min}, ${max}]`;
  if (Number.isFinite(min)) return ` ≥ ${min}`;
  if (Number.isFinite(max)) return ` ≤ ${max}`;
  return '';
}

/**
 * The candidate closest to `word` by edit distance (case-insensitive), when it is within two edits: the
 * "did you mean" of option and plugin names.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
