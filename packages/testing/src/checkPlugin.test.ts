import { definePlugin, type PluginDescriptor } from '@rivulet/core';
import test from 'ava';
import { map } from 'rxjs';
import { assertPlugin, checkPlugin, pluginChecks } from './index.js';

/** A tokenizer that splits on spaces and checks nothing: the battery must find what it lets through. */
const careless = definePlugin<Record<string, never>, { id: string; text: string }, unknown>({
  role: 'tokenizer',
  name: 'careless',
  description: 'splits on spaces, checks nothing',
  options: {},
  stage: () => map((d: { id: string; text: string }) => ({ id: d.id, tokens: d.text.split(' ') })),
}).descriptor;

test('checkPlugin reports, case by case, without throwing', async (t) => {
  const report = await checkPlugin(careless, { timeoutMs: 2000 });
  t.is(report.plugin, 'tokenizer careless');
  t.false(report.ok);
  t.is(report.passed + report.failed, report.results.length);
  const byCase = new Map(report.results.map((r) => [r.case, r]));
  t.true(byCase.get('descriptor')?.ok);
  t.true(byCase.get('one document')?.ok);
  // Empty text gives [''] (an empty token), a null document a TypeError, an unknown option is accepted.
  t.false(byCase.get('empty text')?.ok);
  t.regex(byCase.get('null document')?.problems.join() ?? '', /not a RivuletError: TypeError/);
  t.regex(
    byCase.get('options: an unknown key')?.problems.join() ?? '',
    /completed with 1 value\(s\) but an error was expected/,
  );
});

test('assertPlugin throws an Error listing the failing cases; knownBugs turn them into expected failures', async (t) => {
  const error = await t.throwsAsync(assertPlugin(careless, { timeoutMs: 2000 }));
  t.regex(error?.message ?? '', /^tokenizer careless: \d+ of \d+ checks failed\n {2}empty text: /);
  const failing = (await checkPlugin(careless, { timeoutMs: 2000 })).results.filter((r) => !r.ok);
  const knownBugs = Object.fromEntries(failing.map((r) => [r.case, 'checks nothing']));
  const report = await assertPlugin(careless, { timeoutMs: 2000, knownBugs });
  t.is(report.knownFailures, failing.length);
  // A known bug that is answered correctly is a failure: the entry must go.
  const fixed = await checkPlugin(careless, { timeoutMs: 2000, knownBugs: { 'one document': 'not a bug' } });
  const entry = fixed.results.find((r) => r.case === 'one document');
  t.true(entry?.answered);
  t.false(entry?.ok);
  await t.throwsAsync(
    assertPlugin(careless, { timeoutMs: 2000, knownBugs: { ...knownBugs, 'one document': 'x' } }),
    {
      message: /one document: answered correctly, so the known bug is fixed: remove it from knownBugs \(x\)/,
    },
  );
});

test('a malformed descriptor gets the descriptor check only; an open role gets no battery', async (t) => {
  const bad = { role: 'tokenizer', name: '', description: 'x' } as unknown as PluginDescriptor;
  const checks = pluginChecks(bad);
  t.deepEqual(
    checks.map((c) => c.case),
    ['descriptor'],
  );
  const result = await checks[0].run();
  t.deepEqual(result.problems, ['name is not a non-empty string', 'create is not a function']);
  const lemmatizer = definePlugin<Record<string, never>, unknown, unknown>({
    role: 'lemmatizer',
    name: 'identity',
    description: 'a plugin of a new role',
    options: {},
    stage: () => map((d: unknown) => d),
  }).descriptor;
  const report = await checkPlugin(lemmatizer);
  t.deepEqual(
    report.results.map((r) => r.case),
    ['descriptor'],
  );
  t.true(report.ok);
});

test('only runs the named cases, and badOptions must be refused naming their first key', async (t) => {
  const report = await checkPlugin(careless, { only: ['one document'], timeoutMs: 2000 });
  t.deepEqual(
    report.results.map((r) => r.case),
    ['descriptor', 'one document'],
  );
  const withBad = await checkPlugin(careless, { only: ['options: width 0'], badOptions: [{ width: 0 }] });
  t.regex(withBad.results[1].problems.join(), /but an error was expected/);
});
