import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

test('a worker capability must name a module and export a worker can import as this very plugin', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-worker-check-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // Plugins in a module file of their own, as a worker imports them.
  const file = join(dir, 'plugins.mjs');
  const filter = (name: string, exported: string) => `
    export const ${name} = definePlugin({
      role: 'token-filter', name: '${name}', description: 'passes tokens through', options: {},
      stage: () => map((d) => d),
      capabilities: { worker: { module: import.meta.url, export: '${exported}' } },
    });`;
  await writeFile(
    file,
    `import { definePlugin } from ${JSON.stringify(import.meta.resolve('@rivulet/core'))};
     import { map } from ${JSON.stringify(import.meta.resolve('rxjs'))};
     ${filter('good', 'good')}${filter('typo', 'tpyo')}${filter('other', 'good')}
     export const plain = () => 1;${filter('plainRef', 'plain')}`,
  );
  const plugins = await import(pathToFileURL(file).href);
  const only = ['worker capability: a worker thread can import the plugin'];
  const run = async (name: string) => {
    const [result] = (await checkPlugin(plugins[name].descriptor, { only })).results.slice(1);
    return result;
  };
  t.deepEqual((await run('good')).problems, []);
  t.regex(
    (await run('typo')).problems.join(),
    /^a worker cannot import it: .*export "tpyo" of .* is neither a plugin factory/,
  );
  t.deepEqual((await run('other')).problems, [
    'the worker would run token-filter good, not token-filter other',
  ]);
  t.regex(
    (await run('plainRef')).problems.join(),
    /"plain" of ".*plugins\.mjs" is not a definePlugin factory/,
  );
  const missing = definePlugin<Record<string, never>, unknown, unknown>({
    role: 'token-filter',
    name: 'missing',
    description: 'points at a module that is not there',
    options: {},
    stage: () => map((d: unknown) => d),
    capabilities: { worker: { module: pathToFileURL(join(dir, 'gone.mjs')).href, export: 'missing' } },
  }).descriptor;
  const [gone] = (await checkPlugin(missing, { only })).results.slice(1);
  t.regex(gone.problems.join(), /^a worker cannot import it: loadWorkerExport: cannot import "missing"/);
  // Without the capability there is no such case.
  t.false(pluginChecks(careless).some((c) => c.case === only[0]));
});
