import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { rivulet } from './testing/rivulet.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const DOCS = ['apple banana cherry', 'kernel linker parser', 'apple cherry grape'];

async function corpus(
  t: { teardown(fn: () => Promise<void>): void },
  lines = DOCS.map((text, i) => JSON.stringify({ id: `d${i}`, text })),
  encode: (text: string) => string | Uint8Array = (x) => x,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-errors-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'docs.jsonl');
  await writeFile(path, encode(`${lines.join('\n')}\n`));
  return path;
}

/** The one line on stderr, checked to be exactly one line. */
function oneLine(t: { is(a: unknown, b: unknown, m?: string): void }, stderr: string): string {
  t.is(stderr.split('\n').length, 2, stderr);
  return stderr.trimEnd();
}

test('a negative number after an option is its value, refused by range with the usual message', async (t) => {
  const path = await corpus(t);
  for (const args of [
    ['--components', '-1'],
    ['-n', '-1'],
  ]) {
    const run = await rivulet(['topics', path, ...args, '--quiet']);
    t.is(run.code, 2);
    t.is(oneLine(t, run.stderr), 'rivulet: --components must be an integer ≥ 1, got "-1"');
  }
  const tol = await rivulet(['topics', path, '--tol', '-0.5', '--quiet']);
  t.is(tol.code, 2);
  t.is(oneLine(t, tol.stderr), 'rivulet: --tol must be a finite number ≥ 0, got "-0.5"');
});

test('--min-df above the number of documents names what the user set, not an internal default', async (t) => {
  const path = await corpus(t);
  const run = await rivulet(['topics', path, '--min-df', '5', '--components', '1', '--quiet']);
  t.is(run.code, 2);
  t.is(
    oneLine(t, run.stderr),
    "rivulet: --min-df 5 asks for terms in at least 5 documents but --max-df 1.0 (the default: every document) allows at most 3 of the corpus's 3; lower --min-df or raise --max-df",
  );
  const empty = await rivulet(['topics', path, '--min-df', '3', '--components', '1', '--quiet']);
  t.is(empty.code, 1);
  t.regex(
    oneLine(t, empty.stderr),
    /^rivulet: no term of the \d+ occurs in at least 3 \(--min-df 3\) and at most 3 \(--max-df 1\.0 \(the default: every document\)\) of the 3 documents; lower --min-df or raise --max-df$/,
  );
  t.false(run.stderr.includes('proportion'));
});

test('a UTF-16 corpus (with its byte-order mark) is decoded, not read as garbage', async (t) => {
  const path = await corpus(t, undefined, (text) => Buffer.from(`\ufeff${text}`, 'utf16le'));
  const run = await rivulet(['topics', path, '--components', '1', '--quiet', '--json']);
  t.is(run.code, 0, run.stderr);
  const terms = JSON.parse(run.stdout).topics[0].terms.map((x: { term: string }) => x.term);
  t.true(terms.includes('apple'), terms.join(' '));
  t.true(
    terms.every((term: string) => /^[a-z]+$/.test(term)),
    terms.join(' '),
  );
});

test('plugins that throw, at load, in their factory, at creation or while training, are named', async (t) => {
  const path = await corpus(t);
  const cases: [string[], RegExp][] = [
    [
      ['--plugin', join(FIXTURES, 'throws42.mjs')],
      /^rivulet: cannot load --plugin ".*throws42\.mjs": it threw 42 \(not an Error\)$/,
    ],
    [
      ['--plugin', join(FIXTURES, 'broken-factory.mjs')],
      /^rivulet: --plugin ".*broken-factory\.mjs": its factory brokenModule\(\) failed: no licence key$/,
    ],
    [
      ['--plugin', join(FIXTURES, 'throwing-decomposers.mjs'), '--decomposer', 'thrower'],
      /^rivulet: decomposer "thrower" failed: it threw 42 \(not an Error\)$/,
    ],
    [
      ['--plugin', join(FIXTURES, 'throwing-decomposers.mjs'), '--decomposer', 'midway'],
      /^rivulet: decomposer "midway" failed: it threw 42 \(not an Error\)$/,
    ],
  ];
  for (const [args, message] of cases) {
    const run = await rivulet(['topics', path, '--components', '1', '--quiet', ...args]);
    t.is(run.code, 1, run.stderr);
    t.regex(oneLine(t, run.stderr), message);
  }
});

test('control characters from input are escaped in one-line errors and in similar output', async (t) => {
  const bad = await corpus(t, ['{"id": "a", "text": "fine"}', '\u001b[2J\u001b[31m{oops']);
  const run = await rivulet(['topics', bad, '--quiet']);
  t.is(run.code, 1);
  t.false(run.stderr.includes('\u001b'), JSON.stringify(run.stderr));
  t.regex(oneLine(t, run.stderr), /\\u001b\[2J/);

  const path = await corpus(
    t,
    DOCS.map((text, i) => JSON.stringify({ id: `d${i}\u001b[31m\nforged line`, text })),
  );
  const model = join(path, '..', 'model');
  t.is((await rivulet(['topics', path, '--components', '2', '--quiet', '--save', model])).code, 0);
  const similar = await rivulet(['similar', '--model', model, 'apple cherry', '--quiet']);
  t.is(similar.code, 0, similar.stderr);
  t.false(similar.stdout.includes('\u001b'));
  t.false(similar.stdout.includes('\nforged'));
  t.regex(similar.stdout, /d0\\u001b\[31m\\nforged line/);
});
