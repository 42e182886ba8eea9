import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { rivulet } from './testing/rivulet.js';

const DECOMPOSER = fileURLToPath(new URL('../fixtures/plugin.mjs', import.meta.url));
const TOKENIZER = fileURLToPath(new URL('../fixtures/tokenizer-plugin.mjs', import.meta.url));
const DOCUMENT_FILTER = fileURLToPath(new URL('../fixtures/document-filter-plugin.mjs', import.meta.url));
const FAST = ['--components', '3', '--max-epochs', '50', '--quiet'];

/** 18 documents in three themes, JSONL in a fresh directory. */
async function workspace(t: {
  teardown(fn: () => Promise<void>): void;
}): Promise<{ dir: string; corpus: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-plugins-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const themes = [
    ['apple', 'banana', 'cherry', 'grape'],
    ['kernel', 'linker', 'parser', 'syntax'],
    ['ocean', 'wave', 'tide', 'harbor'],
  ];
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    themes.forEach((words, theme) => {
      const text = `the ${words[i % 4]} ${words[(i + 1) % 4]} ${words[(i + 2) % 4]}`;
      lines.push(JSON.stringify({ id: `t${theme}-${i}`, text }));
    });
  }
  const corpus = join(dir, 'docs.jsonl');
  await writeFile(corpus, `${lines.join('\n')}\n`);
  return { dir, corpus };
}

test('--tokenizer picks a plugin tokenizer, with the flags its options schema declares; its model needs the plugin again', async (t) => {
  const { dir, corpus } = await workspace(t);
  await writeFile(join(dir, 'stop.txt'), 'THE\n');
  const model = join(dir, 'model');
  const run = await rivulet([
    'topics',
    corpus,
    ...FAST,
    '--plugin',
    TOKENIZER,
    '--tokenizer',
    'shouting',
    '--stop-words',
    join(dir, 'stop.txt'),
    '--json',
    '--save',
    model,
  ]);
  t.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  const terms = out.topics.flatMap((topic: { terms: { term: string }[] }) => topic.terms.map((x) => x.term));
  t.true(terms.includes('APPLE'), terms.join(' '));
  t.false(terms.includes('THE'));
  t.is(out.settings.tokenizerPlugin, 'shouting');
  t.is(run.stderr, '', 'choosing the plugin leaves nothing to warn about');

  const again = await rivulet([
    'similar',
    '--model',
    model,
    'apple cherry',
    '-k',
    '2',
    '--plugin',
    TOKENIZER,
    '--json',
  ]);
  t.is(again.code, 0, again.stderr);
  t.true(JSON.parse(again.stdout).neighbours.every((n: { id: string }) => n.id.startsWith('t0-')));
  const missing = await rivulet(['similar', '--model', model, 'apple', '--quiet']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /needs the tokenizer plugin "shouting", which no loaded plugin module registers/);

  const flag = await rivulet([
    'topics',
    corpus,
    ...FAST,
    '--plugin',
    TOKENIZER,
    '--tokenizer',
    'shouting',
    '--lang',
    'zh',
  ]);
  t.is(flag.code, 2);
  t.regex(
    flag.stderr,
    /^rivulet: --lang is not an option of the tokenizer "shouting" \(its options: stopWords\)\n$/,
  );
  const unknown = await rivulet(['topics', corpus, ...FAST, '--tokenizer', 'shoutin']);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /no tokenizer named "shoutin"; registered: default/);
});

test('a --plugin whose plugins the command does not use is a warning, never silence', async (t) => {
  const { corpus } = await workspace(t);
  const unchosen = await rivulet(['topics', corpus, ...FAST, '--plugin', TOKENIZER, '--json']);
  t.is(unchosen.code, 0, unchosen.stderr);
  t.regex(
    unchosen.stderr,
    /^rivulet: warning: --plugin ".*tokenizer-plugin\.mjs" registers the tokenizer plugin "shouting", which this run does not use \(choose it with --tokenizer shouting\)$/m,
  );
  const otherRole = await rivulet(['topics', corpus, ...FAST, '--plugin', '@rivulet/similarity', '--json']);
  t.is(otherRole.code, 0, otherRole.stderr);
  t.regex(
    otherRole.stderr,
    /registers the similarity plugin "cosine", but rivulet topics uses no similarity/,
  );
});

test('a third-party decomposer runs in a worker thread with --worker, from its descriptor alone', async (t) => {
  const { corpus } = await workspace(t);
  const args = [
    'topics',
    corpus,
    '--plugin',
    DECOMPOSER,
    '--decomposer',
    'stripes',
    '--components',
    '3',
    '--json',
    '--quiet',
  ];
  const here = await rivulet(args);
  t.is(here.code, 0, here.stderr);
  t.is(JSON.parse(here.stdout).loss, 1, 'the plugin ran on the main thread');
  const there = await rivulet([...args, '--worker']);
  t.is(there.code, 0, there.stderr);
  const out = JSON.parse(there.stdout);
  t.is(out.loss, 0.25, 'the plugin ran in a worker thread');
  t.is(out.epochs, 2);
  t.deepEqual(
    out.topics.map((topic: { size: number }) => topic.size),
    [6, 6, 6],
  );
  const builtIn = await rivulet(['topics', corpus, ...FAST, '--worker', '--json']);
  t.is(builtIn.code, 0, builtIn.stderr);
  t.is(JSON.parse(builtIn.stdout).decomposer, 'nmf-cd');
});

test('rivulet plugins lists every registered plugin by role with its options; topics --help lists the choosable ones', async (t) => {
  const list = await rivulet(['plugins', '--plugin', DECOMPOSER, '--plugin', TOKENIZER]);
  t.is(list.code, 0, list.stderr);
  for (const role of ['tokenizer', 'vectorizer', 'decomposer'])
    t.regex(list.stdout, new RegExp(`^${role}$`, 'm'));
  t.regex(list.stdout, /^ {2}shouting +test tokenizer: white-space words, upper-cased$/m);
  t.regex(list.stdout, /^ {2}stripes +test plugin: topics as stripes of the vocabulary$/m);
  t.regex(list.stdout, /^ {6}components +an integer in \[1, ∞\): number of topics$/m);
  t.regex(
    list.stdout,
    /^ {2}nmf-cd .*\n {19}can: training loop \(sliceMs, stop\), transform with a saved model, --worker$/m,
  );
  const json = JSON.parse((await rivulet(['plugins', '--json'])).stdout);
  const cd = json.find((p: { role: string; name: string }) => p.role === 'decomposer' && p.name === 'nmf-cd');
  t.deepEqual(cd.capabilities, { trainingLoop: true, transform: true, worker: true });
  t.truthy(cd.options.components.description);

  const help = await rivulet(['topics', '--help', '--plugin', DECOMPOSER]);
  t.is(help.code, 0, help.stderr);
  t.regex(help.stdout, /^decomposers \(--decomposer NAME\):$/m);
  t.regex(help.stdout, /^ {2}stripes +test plugin/m);
  t.regex(help.stdout, /^ {6}components /m);
});

test('--document-filter runs a plugin document filter before tokenizing; the saved model runs it again and needs it', async (t) => {
  const { dir, corpus } = await workspace(t);
  const model = join(dir, 'model');
  const run = await rivulet([
    'topics',
    corpus,
    ...FAST,
    '--plugin',
    DOCUMENT_FILTER,
    '--document-filter',
    'no-fruit',
    '--json',
    '--save',
    model,
  ]);
  t.is(run.code, 0, run.stderr);
  t.is(run.stderr, '', 'choosing the plugin leaves nothing to warn about');
  const out = JSON.parse(run.stdout);
  const terms = out.topics.flatMap((topic: { terms: { term: string }[] }) => topic.terms.map((x) => x.term));
  t.false(terms.includes('apple'), terms.join(' '));
  t.true(terms.includes('banana'), terms.join(' '));
  t.deepEqual(out.settings.documentFilters, ['no-fruit']);
  // The saved model names the filter: `similar` runs it on the query ("apple" is masked, "cherry" stays).
  const again = await rivulet([
    'similar',
    '--model',
    model,
    'apple cherry',
    '-k',
    '2',
    '--plugin',
    DOCUMENT_FILTER,
    '--json',
  ]);
  t.is(again.code, 0, again.stderr);
  t.true(JSON.parse(again.stdout).neighbours.every((n: { id: string }) => n.id.startsWith('t0-')));
  const missing = await rivulet(['similar', '--model', model, 'cherry', '--quiet']);
  t.is(missing.code, 1);
  t.regex(
    missing.stderr,
    /needs the document-filter plugin "no-fruit", which no loaded plugin module registers/,
  );
  const unchosen = await rivulet(['topics', corpus, ...FAST, '--plugin', DOCUMENT_FILTER, '--json']);
  t.is(unchosen.code, 0, unchosen.stderr);
  t.regex(
    unchosen.stderr,
    /registers the document-filter plugin "no-fruit", which this run does not use \(choose it with --document-filter no-fruit\)/,
  );
  const unknown = await rivulet(['topics', corpus, ...FAST, '--document-filter', 'no-fruit']);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /no-fruit/);
});
