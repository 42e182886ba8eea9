/**
 * The common checks: one battery of hostile and edge-case inputs that every plugin stage faces, by role,
 * in the spirit of scikit-learn's `check_estimator` (sklearn/utils/estimator_checks.py) but over streams:
 * an empty stream, one document, one term, all-zero rows and columns, duplicates, magnitudes near the ends
 * of the double range, NaN/∞, negative values, ragged and wrongly typed data from JavaScript callers,
 * `__proto__`/`constructor` keys, and options out of range. Each case must end in a correct result or a
 * clear `RivuletError` through the Observable's error channel — never a crash, a hang, a synchronous throw
 * from `apply`, NaN in the output, a silently clamped value or a polluted `Object.prototype`.
 */
import type { ErrorKind, PluginDescriptor, WorkerRef } from '@rivulet/core';
import { isRivuletError, loadWorkerExport } from '@rivulet/core';
import type { CheckCase } from './CheckCase.js';
import { decomposerCases } from './decomposerCases.js';
import { describeOutcome, type Outcome, runStage } from './runStage.js';
import { similarityCases } from './similarityCases.js';
import { FIT_SPANS_CASE, fitSpansProblems, TOKEN_SPANS_CASE, tokenSpansProblems } from './spanChecks.js';
import { tokenFilterCases } from './tokenFilterCases.js';
import { tokenizerCases } from './tokenizerCases.js';
import { vectorizerCases } from './vectorizerCases.js';

/** How the checks treat one plugin. */
export interface CheckPluginOptions {
  /** Options every case starts from, e.g. `{ components: 2 }` for a decomposer (cases override keys). */
  readonly baseOptions?: Readonly<Record<string, unknown>>;
  /** Decomposer factors may be negative and negative data is valid input (an SVD); default false. */
  readonly signed?: boolean;
  /** The result's W has one row per training document (default true; false for a streaming decomposer). */
  readonly rowsInResult?: boolean;
  /**
   * More option sets, each merged over `baseOptions`, that must be refused with `invalid-option` naming
   * their first key — the plugin's own options out of range.
   */
  readonly badOptions?: readonly Readonly<Record<string, unknown>>[];
  /** Hang detector per case, in milliseconds (default 20 000: generous, only a hang exceeds it). */
  readonly timeoutMs?: number;
  /**
   * Cases known to fail (case name → the bug). They are expected to fail: one that passes is reported
   * as a failure (`fixed: remove it from knownBugs`), as ava's `test.failing` does.
   */
  readonly knownBugs?: Readonly<Record<string, string>>;
  /** Only run these cases (by name), e.g. to reproduce one. */
  readonly only?: readonly string[];
  /** Names the plugin in titles instead of its name (to run one plugin with two settings). */
  readonly label?: string;
}

/** The profile of the plugin under test that case builders read. */
export interface CheckProfile {
  readonly baseOptions: Readonly<Record<string, unknown>>;
  readonly signed: boolean;
  readonly rowsInResult: boolean;
  readonly badOptions: readonly Readonly<Record<string, unknown>>[];
}

/** How one case ended for the plugin under test. */
export interface CaseResult {
  /** `<role> <name>: <case>`. */
  readonly title: string;
  readonly case: string;
  /** Whether the stage answered correctly: a correct result or a clear error of an accepted kind. */
  readonly answered: boolean;
  /**
   * Whether the case went as it must: answered, or — for a known bug — not answered (a known bug that is
   * answered is fixed, and must leave `knownBugs`).
   */
  readonly ok: boolean;
  /** What was wrong with the outcome (empty when answered). */
  readonly problems: readonly string[];
  /** One line: how the run ended (`completed with 1 value(s)`, `errored: RivuletError(...) …`). */
  readonly outcome: string;
  /** The note from `knownBugs`, when the case is listed there. */
  readonly knownBug?: string;
}

/** One case of the battery, to run on its own (one test per case in any test runner). */
export interface PluginCheck {
  readonly title: string;
  readonly case: string;
  readonly knownBug?: string;
  run(): Promise<CaseResult>;
}

/** What {@link checkPlugin} found: every case's result and the counts. */
export interface CheckReport {
  /** `<role> <name>`. */
  readonly plugin: string;
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** Known bugs that failed as expected (counted in `passed`). */
  readonly knownFailures: number;
  readonly ok: boolean;
}

/** The cases for a descriptor's role: the battery of a built-in role, else none (an open role). */
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
    case 'token-filter':
      return tokenFilterCases(profile);
    default:
      return [];
  }
}

/**
 * The checks for `descriptor`, one per case, each run on its own: a stage made by
 * `descriptor.create(options)` gets one input stream and must answer correctly. Use it to register one
 * test per case in any runner; {@link checkPlugin} runs them all, and `@rivulet/testing/ava` registers
 * them with ava.
 *
 * @example
 * ```ts
 * import { test } from 'node:test';
 * import { pluginChecks } from '@rivulet/testing';
 * for (const check of pluginChecks(descriptor, { baseOptions: { components: 2 } })) {
 *   test(check.title, async () => {
 *     const result = await check.run();
 *     if (!result.ok) throw new Error(`${result.title}: ${result.problems.join('; ')}`);
 *   });
 * }
 * ```
 */
export function pluginChecks(descriptor: PluginDescriptor, options: CheckPluginOptions = {}): PluginCheck[] {
  const plugin = `${String(descriptor?.role)} ${String(options.label ?? descriptor?.name)}`;
  const shape = descriptorProblems(descriptor);
  const descriptorCheck: PluginCheck = {
    title: `${plugin}: descriptor`,
    case: 'descriptor',
    run: async () => ({
      title: `${plugin}: descriptor`,
      case: 'descriptor',
      answered: shape.length === 0,
      ok: shape.length === 0,
      problems: shape,
      outcome: shape.length === 0 ? 'a well-formed descriptor' : 'a malformed descriptor',
    }),
  };
  if (shape.length > 0) return [descriptorCheck];
  const profile: CheckProfile = {
    baseOptions: options.baseOptions ?? {},
    signed: options.signed ?? false,
    rowsInResult: options.rowsInResult ?? true,
    badOptions: options.badOptions ?? [],
  };
  const timeoutMs = options.timeoutMs ?? 20_000;
  const checks: PluginCheck[] = [descriptorCheck];
  const ref = descriptor.capabilities?.worker;
  if (ref !== undefined && (!options.only || options.only.includes(WORKER_CASE))) {
    checks.push(workerCheck(descriptor, plugin, ref, options.knownBugs?.[WORKER_CASE]));
  }
  const capabilityChecks: [string, boolean, () => Promise<string[]>][] = [
    [
      TOKEN_SPANS_CASE,
      descriptor.capabilities?.tokenSpans !== undefined,
      () => tokenSpansProblems(descriptor, profile.baseOptions),
    ],
    [
      FIT_SPANS_CASE,
      descriptor.capabilities?.fitSpans !== undefined,
      () => fitSpansProblems(descriptor, profile.baseOptions),
    ],
  ];
  for (const [name, declared, problems] of capabilityChecks) {
    if (declared && (!options.only || options.only.includes(name))) {
      checks.push(capabilityCheck(plugin, name, problems, options.knownBugs?.[name]));
    }
  }
  for (const c of casesFor(descriptor, profile)) {
    if (options.only && !options.only.includes(c.name)) continue;
    const title = `${plugin}: ${c.name}`;
    const knownBug = options.knownBugs?.[c.name];
    checks.push({
      title,
      case: c.name,
      ...(knownBug === undefined ? {} : { knownBug }),
      async run() {
        const stageOptions = c.options === undefined ? profile.baseOptions : c.options;
        const outcome = await runStage(
          () => descriptor.create(stageOptions as Record<string, unknown>),
          c.source(),
          timeoutMs,
        );
        const problems = judge(c, outcome);
        if (Object.hasOwn(Object.prototype, 'polluted')) {
          problems.push('Object.prototype gained a "polluted" key: prototype pollution from input');
        }
        const answered = problems.length === 0;
        return {
          title,
          case: c.name,
          answered,
          ok: knownBug === undefined ? answered : !answered,
          problems,
          outcome: describeOutcome(outcome),
          ...(knownBug === undefined ? {} : { knownBug }),
        };
      },
    });
  }
  return checks;
}

/**
 * Runs every check on `descriptor`, one case after another (so each case's time limit measures that case
 * alone), and reports; it never throws for a failing case. {@link assertPlugin} throws instead.
 *
 * @example
 * ```ts
 * import { createContainer, listPlugins } from '@rivulet/core';
 * import { checkPlugin } from '@rivulet/testing';
 * const [mine] = listPlugins(createContainer([myModule({ components: 2 })]), 'decomposer');
 * const report = await checkPlugin(mine, { baseOptions: { components: 2 }, badOptions: [{ maxEpochs: 0 }] });
 * console.log(`${report.passed} passed, ${report.failed} failed`);
 * ```
 */
export async function checkPlugin(
  descriptor: PluginDescriptor,
  options: CheckPluginOptions = {},
): Promise<CheckReport> {
  const results: CaseResult[] = [];
  for (const check of pluginChecks(descriptor, options)) results.push(await check.run());
  const failed = results.filter((r) => !r.ok).length;
  return {
    plugin: `${String(descriptor?.role)} ${String(options.label ?? descriptor?.name)}`,
    results,
    passed: results.length - failed,
    failed,
    knownFailures: results.filter((r) => r.ok && r.knownBug !== undefined).length,
    ok: failed === 0,
  };
}

/**
 * {@link checkPlugin}, throwing an `Error` that lists every failing case when any fails — for a runner
 * where a thrown error is the failure (`node:test`, vitest, jest, mocha, a plain script).
 */
export async function assertPlugin(
  descriptor: PluginDescriptor,
  options: CheckPluginOptions = {},
): Promise<CheckReport> {
  const report = await checkPlugin(descriptor, options);
  if (!report.ok) {
    const lines = report.results
      .filter((r) => !r.ok)
      .map((r) =>
        r.answered
          ? `  ${r.case}: answered correctly, so the known bug is fixed: remove it from knownBugs (${r.knownBug})`
          : `  ${r.case}: ${r.problems.join('; ')} (${r.outcome})`,
      );
    throw new Error(
      `${report.plugin}: ${report.failed} of ${report.results.length} checks failed\n${lines.join('\n')}`,
    );
  }
  return report;
}

/** What is wrong with a descriptor's shape (role, name, description, create). */
const WORKER_CASE = 'worker capability: a worker thread can import the plugin';

/**
 * The `worker` capability must name a module a worker can import and the export that is this plugin's
 * factory (same role and name): a typo there only shows when someone trains with `worker: true`.
 * `import.meta.url` of the file that defines the plugin is the safe `module` — a bare package name is
 * resolved from where `@rivulet/core` is installed, which need not see the plugin's package.
 */
function workerCheck(
  descriptor: PluginDescriptor,
  plugin: string,
  ref: WorkerRef,
  knownBug: string | undefined,
): PluginCheck {
  const title = `${plugin}: ${WORKER_CASE}`;
  return {
    title,
    case: WORKER_CASE,
    ...(knownBug === undefined ? {} : { knownBug }),
    async run() {
      const problems: string[] = [];
      let outcome = 'imported the plugin factory';
      try {
        const loaded = await loadWorkerExport(ref);
        const found = loaded.kind === 'plugin' ? loaded.factory.descriptor : undefined;
        if (found === undefined) {
          outcome = 'imported a function that is not a plugin factory';
          problems.push(
            `${JSON.stringify(ref.export)} of ${JSON.stringify(ref.module)} is not a definePlugin factory`,
          );
        } else if (found.role !== descriptor.role || found.name !== descriptor.name) {
          outcome = `imported the factory of ${found.role} ${found.name}`;
          problems.push(
            `the worker would run ${found.role} ${found.name}, not ${descriptor.role} ${descriptor.name}`,
          );
        }
      } catch (error) {
        outcome = `errored: ${(error as Error)?.message}`;
        problems.push(`a worker cannot import it: ${(error as Error)?.message}`);
      }
      const answered = problems.length === 0;
      return {
        title,
        case: WORKER_CASE,
        answered,
        ok: knownBug === undefined ? answered : !answered,
        problems,
        outcome,
        ...(knownBug === undefined ? {} : { knownBug }),
      };
    },
  };
}

/**
 * A check that a declared capability keeps its promise (see `spanChecks.ts`): `problems` lists what it
 * breaks; a throw is a problem too.
 */
function capabilityCheck(
  plugin: string,
  name: string,
  problems: () => Promise<string[]>,
  knownBug: string | undefined,
): PluginCheck {
  const title = `${plugin}: ${name}`;
  return {
    title,
    case: name,
    ...(knownBug === undefined ? {} : { knownBug }),
    async run() {
      let found: string[];
      try {
        found = await problems();
      } catch (error) {
        found = [`threw ${String(error)}`];
      }
      const answered = found.length === 0;
      return {
        title,
        case: name,
        answered,
        ok: knownBug === undefined ? answered : !answered,
        problems: found,
        outcome: answered ? 'kept its promise' : 'broke its promise',
        ...(knownBug === undefined ? {} : { knownBug }),
      };
    },
  };
}

function descriptorProblems(descriptor: PluginDescriptor): string[] {
  if (descriptor === null || typeof descriptor !== 'object')
    return [`not a descriptor object: ${String(descriptor)}`];
  const problems: string[] = [];
  if (typeof descriptor.role !== 'string' || (descriptor.role as string) === '')
    problems.push('role is not a non-empty string');
  if (typeof descriptor.name !== 'string' || descriptor.name === '')
    problems.push('name is not a non-empty string');
  if (typeof descriptor.description !== 'string' || descriptor.description === '')
    problems.push('description is not a non-empty string');
  if (typeof descriptor.create !== 'function') problems.push('create is not a function');
  return problems;
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
