/**
 * The common checks: one battery of hostile and edge-case inputs that every registered stage faces, by
 * role, in the spirit of scikit-learn's `check_estimator` (sklearn/utils/estimator_checks.py) but over
 * streams: an empty stream, one document, one term, all-zero rows and columns, duplicates, magnitudes near
 * the ends of the double range, NaN/∞, negative values, ragged and wrongly typed data from JavaScript
 * callers, `__proto__`/`constructor` keys, and options out of range. Each case must end in a correct result
 * or a clear `RivuletError` through the Observable's error channel — never a crash, a hang, a synchronous
 * throw from `apply`, NaN in the output or a silently clamped value.
 *
 * A third-party plugin gets the battery by calling {@link commonChecks} with its descriptor:
 *
 * @example
 * ```ts
 * import test from 'ava';
 * import { createContainer, listPlugins } from '@rivulet/core';
 * import { commonChecks } from '../test/reliability/commonChecks.js';
 * const [kmeans] = listPlugins(createContainer([kmeansModule({ components: 2 })]), 'decomposer');
 * commonChecks(test, kmeans, { baseOptions: { components: 2 } });
 * ```
 */
import type { ErrorKind, PluginDescriptor } from '@rivulet/core';
import { isRivuletError } from '@rivulet/core';
import type { TestFn } from 'ava';
import type { CheckCase } from './CheckCase.js';
import { decomposerCases } from './decomposerCases.js';
import { describeOutcome, type Outcome, runStage } from './runStage.js';
import { similarityCases } from './similarityCases.js';
import { tokenizerCases } from './tokenizerCases.js';
import { vectorizerCases } from './vectorizerCases.js';

/** How {@link commonChecks} treats one plugin. */
export interface CommonChecksOptions {
  /** Options every case starts from, e.g. `{ components: 2 }` for a decomposer (cases override keys). */
  readonly baseOptions?: Readonly<Record<string, unknown>>;
  /** Decomposer factors may be negative and negative data is valid input (an SVD); default false. */
  readonly signed?: boolean;
  /** The result's W has one row per training document (default true; false for a streaming decomposer). */
  readonly rowsInResult?: boolean;
  /** More option sets, each merged over `baseOptions`, that must be refused with `invalid-option`. */
  readonly badOptions?: readonly Readonly<Record<string, unknown>>[];
  /** Hang detector per case, in milliseconds (default 20 000: generous, only a hang exceeds it). */
  readonly timeoutMs?: number;
  /** Cases known to fail (case name → the bug), run as `test.failing` so the suite stays green. */
  readonly knownBugs?: Readonly<Record<string, string>>;
  /** Only run these cases (by name), e.g. to reproduce one. */
  readonly only?: readonly string[];
  /** Names the run in test titles instead of the plugin's name (to run one plugin with two settings). */
  readonly label?: string;
  /**
   * Run the cases concurrently (default false: one after another, so that each case's time limit measures
   * that case alone and not the other cases' work on a loaded machine).
   */
  readonly concurrent?: boolean;
}

/** The profile of the plugin under test that case builders read. */
export interface CheckProfile {
  readonly baseOptions: Readonly<Record<string, unknown>>;
  readonly signed: boolean;
  readonly rowsInResult: boolean;
  readonly badOptions: readonly Readonly<Record<string, unknown>>[];
}

/** The cases for a descriptor's role. */
export function casesFor(descriptor: PluginDescriptor, profile: CheckProfile): CheckCase[] {
  switch (descriptor.role) {
    case 'decomposer':
      return decomposerCases(profile);
    case 'tokenizer':
      return tokenizerCases(profile);
    case 'vectorizer':
      return vectorizerCases(profile);
    case 'similarity':
      return similarityCases(profile);
    default:
      return [];
  }
}

/**
 * Registers one ava test per case for `descriptor`, titled `<role> <name>: <case>`.
 * @param test ava's `test` (or a context-typed one)
 */
export function commonChecks(
  test: TestFn,
  descriptor: PluginDescriptor,
  options: CommonChecksOptions = {},
): void {
  const profile: CheckProfile = {
    baseOptions: options.baseOptions ?? {},
    signed: options.signed ?? false,
    rowsInResult: options.rowsInResult ?? true,
    badOptions: options.badOptions ?? [],
  };
  const timeoutMs = options.timeoutMs ?? 20_000;
  for (const c of casesFor(descriptor, profile)) {
    if (options.only && !options.only.includes(c.name)) continue;
    const bug = options.knownBugs?.[c.name];
    const title = `${descriptor.role} ${options.label ?? descriptor.name}: ${c.name}`;
    const mode = options.concurrent ? test : test.serial;
    const register = bug === undefined ? mode : mode.failing;
    register(title, async (t) => {
      if (bug !== undefined) t.log(`known bug: ${bug}`);
      const stageOptions = c.options === undefined ? profile.baseOptions : c.options;
      const outcome = await runStage(
        () => descriptor.create(stageOptions as Record<string, unknown>),
        c.source(),
        timeoutMs,
      );
      t.log(describeOutcome(outcome));
      const problems = judge(c, outcome);
      t.deepEqual(problems, [], `${title}: ${describeOutcome(outcome)}`);
      t.false(
        Object.hasOwn(Object.prototype, 'polluted'),
        'Object.prototype gained a "polluted" key: prototype pollution from input',
      );
    });
  }
}

/** What is wrong with `outcome` for case `c` (empty when it is acceptable). */
export function judge(c: CheckCase, outcome: Outcome): string[] {
  const { accept } = c;
  switch (outcome.end) {
    case 'hang':
      return [`hung: neither completed nor errored within the time limit`];
    case 'sync-throw':
      // A factory refusing bad options at construction with a clear error is fair; apply must not throw.
      if (outcome.where === 'create' && accept.errors !== undefined)
        return errorProblems(outcome.error, accept.errors, accept.parameter);
      return [`threw synchronously from ${outcome.where} instead of erroring the Observable`];
    case 'error':
      if (accept.errors === undefined) return [`errored but a result was expected: ${String(outcome.error)}`];
      return errorProblems(outcome.error, accept.errors, accept.parameter);
    case 'complete':
      if (accept.values === undefined) {
        return [`completed with ${outcome.values.length} value(s) but an error was expected`];
      }
      return accept.values(outcome.values);
  }
}

/**
 * A clear error: a RivuletError of an accepted kind whose message starts with its stage and, for a bad
 * option, names the option.
 */
function errorProblems(thrown: unknown, kinds: readonly ErrorKind[], parameter?: string): string[] {
  // Training in a worker thread reports the worker's error as kind `worker` with the original as cause.
  const error =
    isRivuletError(thrown, 'worker') && isRivuletError(thrown.cause) && !kinds.includes('worker')
      ? thrown.cause
      : thrown;
  if (!isRivuletError(error)) {
    const e = error as { name?: string; message?: string };
    return [`not a RivuletError: ${e?.name ?? typeof error}: ${e?.message ?? String(error)}`];
  }
  const problems: string[] = [];
  if (!kinds.includes(error.kind)) problems.push(`kind ${error.kind}, expected one of ${kinds.join(', ')}`);
  if (!error.message.startsWith(`${error.stage}: `)) problems.push(`message does not start with its stage`);
  if (error.message.length < error.stage.length + 15) problems.push(`message too terse: ${error.message}`);
  if (parameter !== undefined && !error.message.includes(parameter)) {
    problems.push(`message does not name ${parameter}: ${error.message}`);
  }
  return problems;
}
