import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Document,
  definePlugin,
  type PluginDescriptor,
  RivuletError,
  type SpanTokenizer,
} from '@rivulet/core';
import test from 'ava';
import { map, type Observable, of } from 'rxjs';
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

/** A tokenizer of lower-cased words between spaces whose `tokenSpans` is `spans`: the checks judge it. */
function spaceTokenizer(spans: SpanTokenizer): PluginDescriptor {
  return definePlugin<Record<string, never>, { id: string; text?: string; tokens?: string[] }, unknown>({
    role: 'tokenizer',
    name: 'spaces',
    description: 'lower-cased words between spaces',
    options: {},
    stage: () =>
      map((d) => {
        if (d === null || typeof d !== 'object')
          throw new RivuletError('invalid-input', 'spaces', 'no document');
        return {
          id: d.id,
          tokens: (d.text ?? d.tokens?.join(' ') ?? '').toLowerCase().split(' ').filter(Boolean),
        };
      }),
    capabilities: { tokenSpans: () => spans },
  }).descriptor;
}

/** Spans of the lower-cased text of a document, `hash` passed as given. */
const lowerSpans =
  (hash?: number): SpanTokenizer =>
  (doc, _index, sink) => {
    if (doc === null || typeof doc !== 'object')
      throw new RivuletError('invalid-input', 'spaces', 'no document');
    const d = doc as { text?: string; tokens?: string[] };
    const text = (d.text ?? d.tokens?.join(' ') ?? '').toLowerCase();
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text[i] === ' ') {
        if (i > start) sink.token(text, start, i, hash);
        start = i + 1;
      }
    }
    return doc.id;
  };

test('a tokenSpans capability must hand over the stage’s tokens, with TermTable.hash when it passes one', async (t) => {
  const only = ['tokenSpans capability: the same tokens as the stage'];
  const result = async (spans: SpanTokenizer) =>
    (await checkPlugin(spaceTokenizer(spans), { only })).results[1];
  t.deepEqual((await result(lowerSpans())).problems, []);
  const upper: SpanTokenizer = (doc, index, sink) =>
    lowerSpans()({ id: doc.id, text: (doc as { text?: string }).text ?? '' }, index, {
      token: (text, start, end) => sink.token(text.toUpperCase(), start, end),
    });
  t.regex(
    (await result(upper)).problems.join(),
    /document a: spans \["HELLO",.* but the stage emits \["hello",/,
  );
  t.regex(
    (await result(lowerSpans(7))).problems.join(),
    /document a: hash 7 of "hello" is not TermTable\.hash/,
  );
  const lax: SpanTokenizer = (doc, index, sink) => (doc === null ? 'x' : lowerSpans()(doc, index, sink));
  t.regex((await result(lax)).problems.join(), /a null document was not refused/);
  t.false(pluginChecks(careless).some((c) => c.case === only[0]));
});

test('a fitSpans capability must emit the stage’s matrix and pass a tokenizer’s error on', async (t) => {
  const vectorizer = (
    fitSpans: (docs: Observable<Document>, tokenizer: SpanTokenizer) => Observable<unknown>,
  ) =>
    definePlugin<Record<string, never>, { id: string; tokens: string[] }, unknown>({
      role: 'vectorizer',
      name: 'lengths',
      description: 'emits the number of tokens per document',
      options: {},
      stage: () => map((d) => ({ id: d.id, length: d.tokens.length })),
      capabilities: { fitSpans },
    }).descriptor;
  const only = ['fitSpans capability: the same matrix as the stage'];
  const counted = (docs: Observable<Document>, tokenizer: SpanTokenizer) =>
    docs.pipe(
      map((doc, index) => {
        let length = 0;
        const id = tokenizer(doc, index, { token: () => length++ });
        return { id, length };
      }),
    );
  t.deepEqual((await checkPlugin(vectorizer(counted), { only })).results[1].problems, []);
  const wrong = (
    await checkPlugin(
      vectorizer(() => of({ id: 'a', length: 1 })),
      { only },
    )
  ).results[1];
  t.regex(wrong.problems.join(), /emitted 1 value\(s\), the stage 5/);
  t.regex(wrong.problems.join(), /a tokenizer's error did not reach the error channel/);
});
