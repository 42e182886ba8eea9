import type { PluginDescriptor, TrainingEvent } from '@rivulet/core';
import type { TestFn } from 'ava';
import type { Observable } from 'rxjs';
import { type CheckPluginOptions, pluginChecks } from './checkPlugin.js';
import { type SlowConsumerOptions, slowConsumerChecks } from './slowConsumerChecks.js';

/** {@link CheckPluginOptions} (`label` included) and how ava runs the cases. */
export interface AvaCheckOptions extends CheckPluginOptions {
  /**
   * Run the cases concurrently (default false: one after another, so that each case's time limit measures
   * that case alone and not the other cases' work on a loaded machine).
   */
  readonly concurrent?: boolean;
}

/**
 * Registers one ava test per check of `descriptor` (see `pluginChecks`), titled `<role> <name>: <case>`;
 * a case listed in `knownBugs` runs as `test.failing` with its note logged.
 *
 * @example
 * ```ts
 * import test from 'ava';
 * import { createContainer, listPlugins } from '@rivulet/core';
 * import { checkPluginWithAva } from '@rivulet/testing/ava';
 * const [mine] = listPlugins(createContainer([myModule({ components: 2 })]), 'decomposer');
 * checkPluginWithAva(test, mine, { baseOptions: { components: 2 }, badOptions: [{ maxEpochs: 0 }] });
 * ```
 * @param test ava's `test` (or a context-typed one)
 */
export function checkPluginWithAva(
  test: TestFn,
  descriptor: PluginDescriptor,
  options: AvaCheckOptions = {},
): void {
  const { concurrent, ...checkOptions } = options;
  for (const check of pluginChecks(descriptor, checkOptions)) {
    const mode = concurrent ? test : test.serial;
    const register = check.knownBug === undefined ? mode : mode.failing;
    register(check.title, async (t) => {
      if (check.knownBug !== undefined) t.log(`known bug: ${check.knownBug}`);
      const result = await check.run();
      t.log(result.outcome);
      // For a known bug ava's `failing` inverts this: the test passes while the stage still answers wrongly.
      t.deepEqual(result.problems, [], `${check.title}: ${result.outcome}`);
    });
  }
}

/**
 * Registers the three slow-consumer checks of `events()` (see `slowConsumerChecks`) as ava tests, titled
 * `slow consumer <name>: …`.
 *
 * @example
 * ```ts
 * import test from 'ava';
 * import { slowConsumerChecksWithAva } from '@rivulet/testing/ava';
 * slowConsumerChecksWithAva(test, 'onlineNmf', () => of(X).pipe(onlineNmf({ components: 3, batchSize: 8, snapshotEvery: 1 })));
 * ```
 */
export function slowConsumerChecksWithAva(
  test: TestFn,
  name: string,
  events: () => Observable<TrainingEvent>,
  options: SlowConsumerOptions = {},
): void {
  for (const check of slowConsumerChecks(name, events, options)) {
    test(check.title, async (t) => {
      const { problems } = await check.run();
      t.deepEqual(problems, [], check.title);
    });
  }
}
