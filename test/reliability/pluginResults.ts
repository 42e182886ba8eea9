import { isRivuletError } from '@rivulet/core';
import type { TestFn } from 'ava';

/** A misbehaving decomposer of `fakeDecomposers.ts` and what the refusal must name. */
export interface PluginResultCase {
  /** The fake's registered name. */
  readonly decomposer: string;
  readonly fault: string;
  /** Words the one-line error must hold besides the decomposer's name. */
  readonly message: RegExp;
  /** Only a host that can see a stream stall (a process whose event loop runs dry) can refuse it. */
  readonly stalls?: boolean;
  /** Only a host that reads the decomposer's descriptor (`capabilities.nonNegative`) can refuse it. */
  readonly needsDescriptor?: boolean;
}

/** Every fake, with the refusal its result must meet at the boundary (issue 10, item 8). */
export const PLUGIN_RESULT_CASES: readonly PluginResultCase[] = [
  { decomposer: 'fake-nan-w', fault: 'NaN in W', message: /W holds NaN at row 0, column 1/ },
  { decomposer: 'fake-nan-h', fault: 'NaN in H', message: /H holds NaN at row 0, column 0/ },
  { decomposer: 'fake-minus-infinity-w', fault: '−∞ in W', message: /W holds -Infinity/ },
  { decomposer: 'fake-nan-loss', fault: 'a NaN loss with converged: true', message: /loss is NaN/ },
  {
    decomposer: 'fake-negative-h',
    fault: 'a negative H from a non-negative decomposer',
    message: /H holds -1 .*non-negative/,
    needsDescriptor: true,
  },
  {
    decomposer: 'fake-extra-columns',
    fault: 'W with k + 3 columns',
    message: /W's columns and H's rows must both be/,
  },
  {
    decomposer: 'fake-wrong-h-columns',
    fault: 'H with a column too many',
    message: /but the matrix has \d+ columns/,
  },
  { decomposer: 'fake-missing-rows', fault: 'W with a row too few', message: /but the matrix has \d+ rows/ },
  {
    decomposer: 'fake-no-result',
    fault: 'a stream that completes without a result',
    message: /completed without a result/,
  },
  {
    decomposer: 'fake-never',
    fault: 'a stream that never emits nor completes',
    message: /stopped without a result/,
    stalls: true,
  },
];

/**
 * Registers one ava test per case: `run(decomposer)` runs a host (the pipeline, the CLI, a worker, a
 * server) with the fake decomposer of that name from `fakeDecomposers.ts` and must reject with a one-line
 * RivuletError naming the decomposer and the fault. `stalls` says whether the host can detect a stream
 * that never ends (a process can; an in-process Observable cannot, so those cases are left out);
 * `descriptor: false` says the host sees only the stage, not its descriptor's `nonNegative` (a composed
 * pipeline), so the negative-factor case is left out.
 */
export function checkPluginResults(
  test: TestFn,
  title: string,
  run: (decomposer: string) => Promise<unknown>,
  options: { stalls?: boolean; descriptor?: boolean } = {},
): void {
  for (const c of PLUGIN_RESULT_CASES) {
    if (c.stalls && !options.stalls) continue;
    if (c.needsDescriptor && options.descriptor === false) continue;
    test(`${title}: plugin results: ${c.fault}`, async (t) => {
      const error = await t.throwsAsync(run(c.decomposer));
      t.true(isRivuletError(error), String(error));
      t.true(
        error.message.includes(`"${c.decomposer}"`),
        `the message does not name the decomposer: ${error.message}`,
      );
      t.regex(error.message, c.message);
      t.false(error.message.includes('\n'));
    });
  }
}
