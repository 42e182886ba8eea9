import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { rivulet } from './testing/rivulet.js';

const FAST = ['--components', '2', '--max-epochs', '20', '--quiet'];
const TEXT = [
  'apple banana cherry',
  'kernel linker parser',
  'ocean wave tide',
  'apple cherry grape',
  'parser kernel syntax',
  'wave harbor ocean',
]
  .map((text, i) => JSON.stringify({ id: `d${i}`, text }))
  .join('\n');

async function workspace(t: {
  teardown(fn: () => Promise<void>): void;
}): Promise<{ dir: string; corpus: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-safety-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const corpus = join(dir, 'docs.jsonl');
  await writeFile(corpus, `${TEXT}\n`);
  return { dir, corpus };
}

/** Every file under `dir` with its content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) out[path] = await readFile(path, 'utf8');
  }
  return out;
}

test('--save into a directory that is not a model refuses before any work and deletes nothing', async (t) => {
  const { dir, corpus } = await workspace(t);
  const thesis = join(dir, 'thesis');
  await mkdir(join(thesis, '.git'), { recursive: true });
  await writeFile(join(thesis, 'chapter1.tex'), 'years of work');
  await writeFile(join(thesis, '.git', 'HEAD'), 'ref: refs/heads/main');
  const before = await snapshot(dir);
  for (const extra of [[], ['--force']]) {
    const run = await rivulet(['topics', corpus, ...FAST, '--save', thesis, ...extra]);
    t.is(run.code, 2, run.stderr);
    t.regex(
      run.stderr,
      /^rivulet: --save ".*thesis": .*thesis is not empty and is not a model Rivulet wrote; refusing to replace it/,
    );
    t.false(run.stderr.includes('training'));
    t.deepEqual(await snapshot(dir), before);
  }
});

test('--save . in a project and --save <corpus directory> delete nothing', async (t) => {
  const { dir, corpus } = await workspace(t);
  const before = await snapshot(dir);
  const dot = await rivulet(['topics', corpus, ...FAST, '--save', '.', '--force'], { cwd: dir });
  t.is(dot.code, 2, dot.stderr);
  const corpusDir = await rivulet(['topics', dir, ...FAST, '--save', dir, '--force']);
  t.is(corpusDir.code, 2, corpusDir.stderr);
  t.deepEqual(await snapshot(dir), before);
});

test('--save over a saved model needs --force; --force without --save is a usage error', async (t) => {
  const { dir, corpus } = await workspace(t);
  const model = join(dir, 'model');
  t.is((await rivulet(['topics', corpus, ...FAST, '--save', model])).code, 0);
  const again = await rivulet(['topics', corpus, ...FAST, '--save', model]);
  t.is(again.code, 2);
  t.regex(
    again.stderr,
    /^rivulet: --save ".*model": .*model already holds a Rivulet model; pass --force to replace it\n$/,
  );
  t.is((await rivulet(['topics', corpus, ...FAST, '--save', model, '--force'])).code, 0);
  t.deepEqual((await readdir(dir)).sort(), ['docs.jsonl', 'model']);
  const lone = await rivulet(['topics', corpus, ...FAST, '--force']);
  t.is(lone.code, 2);
  t.regex(lone.stderr, /--force applies to --save DIR/);
});

test('an output that is an input, by any path, is refused and the input is left intact', async (t) => {
  const { dir, corpus } = await workspace(t);
  await symlink(corpus, join(dir, 'link.jsonl'));
  await link(corpus, join(dir, 'hard.jsonl'));
  await mkdir(join(dir, 'sub'));
  const stop = join(dir, 'stop.txt');
  await writeFile(stop, 'the\n');
  const cases: [string[], RegExp][] = [
    [['--output', corpus], /--output ".*docs\.jsonl" is the input the corpus/],
    [['--output', join(dir, 'link.jsonl')], /--output ".*link\.jsonl" is the input the corpus/],
    [['--output', join(dir, 'hard.jsonl')], /--output ".*hard\.jsonl" is the input the corpus/],
    [['--report', join(dir, 'sub', '..', 'docs.jsonl')], /--report ".*" is the input the corpus/],
    [['--stop-words', stop, '--output', stop], /--output ".*stop\.txt" is the input --stop-words/],
    [
      ['--output', join(dir, 'a.jsonl'), '--report', join(dir, 'a.jsonl')],
      /--report ".*a\.jsonl" is the output --output/,
    ],
    [['--save', join(dir, 'docs.jsonl')], /--save ".*docs\.jsonl": .* exists and is not a directory/],
  ];
  const before = await snapshot(dir);
  for (const [args, message] of cases) {
    const run = await rivulet(['topics', corpus, ...FAST, ...args]);
    t.is(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    t.regex(run.stderr, message);
    t.deepEqual(await snapshot(dir), before);
  }
});

test('an output or a saved model inside a corpus directory is refused', async (t) => {
  const { dir } = await workspace(t);
  const texts = join(dir, 'texts');
  await mkdir(texts);
  await writeFile(join(texts, 'a.txt'), 'apple banana cherry grape');
  await writeFile(join(texts, 'b.txt'), 'ocean wave tide harbor');
  const before = await snapshot(dir);
  const inside = await rivulet(['topics', texts, ...FAST, '--output', join(texts, 'out.jsonl')]);
  t.is(inside.code, 2);
  t.regex(inside.stderr, /--output ".*out\.jsonl" is inside the input the corpus/);
  const under = await rivulet(['topics', texts, ...FAST, '--save', join(texts, 'model')]);
  t.is(under.code, 2);
  t.regex(under.stderr, /--save ".*model" is inside the input the corpus/);
  t.deepEqual(await snapshot(dir), before);
});

test('transform will not write over its model or its corpus', async (t) => {
  const { dir, corpus } = await workspace(t);
  const model = join(dir, 'model');
  t.is((await rivulet(['topics', corpus, ...FAST, '--save', model])).code, 0);
  const before = await snapshot(dir);
  for (const output of [corpus, join(model, 'model.json')]) {
    const run = await rivulet(['transform', '--model', model, corpus, '--output', output, '--quiet']);
    t.is(run.code, 2, run.stderr);
    t.regex(run.stderr, /^rivulet: --output ".*" is (the|inside the) input (the corpus|--model)/);
  }
  t.deepEqual(await snapshot(dir), before);
});

test('empty, parentless or directory outputs are refused before training', async (t) => {
  const { dir, corpus } = await workspace(t);
  const cases: [string[], number, RegExp][] = [
    [['--output', ''], 2, /^rivulet: --output must be a non-empty path, got ""$/m],
    [['--save', ''], 2, /^rivulet: --save must be a non-empty path, got ""$/m],
    [
      ['--report', join(dir, 'no', 'such', 'r.html')],
      1,
      /^rivulet: --report ".*r\.html": the parent directory .*such does not exist; create it first$/m,
    ],
    [['--output', join(corpus, 'x.jsonl')], 1, /the parent directory .*docs\.jsonl is not a directory/],
    [['--output', dir], 2, /--output ".*" is a directory; name a file to write/],
    [
      ['--save', '/proc/nope/model'],
      1,
      /^rivulet: --save "\/proc\/nope\/model": the parent directory \/proc\/nope does not exist; create it first$/m,
    ],
  ];
  for (const [args, code, message] of cases) {
    const run = await rivulet(['topics', corpus, '--components', '2', ...args], { timeout: 60_000 });
    t.is(run.code, code, `${args.join(' ')}: ${run.stderr}`);
    t.regex(run.stderr, message);
    t.false(run.stderr.includes('training'), run.stderr);
  }
  t.deepEqual((await readdir(dir)).sort(), ['docs.jsonl']);
});

test('a list of components checks every per-k output before any work and touches nothing else', async (t) => {
  const { dir } = await workspace(t);
  const LIST = ['--components', '2,3', '--max-epochs', '20', '--quiet'];
  // docs.k2.jsonl is the input: --output docs.jsonl would write it for k = 2.
  const input = join(dir, 'docs.k2.jsonl');
  await writeFile(input, `${TEXT}\n`);
  const thesis = join(dir, 'thesis');
  await mkdir(join(thesis, 'k3'), { recursive: true });
  await writeFile(join(thesis, 'k3', 'chapter1.tex'), 'years of work');
  await writeFile(join(dir, 'notes.txt'), 'a file');
  const cases: [string[], RegExp][] = [
    [['--output', join(dir, 'docs.jsonl')], /--output ".*docs\.k2\.jsonl" is the input the corpus/],
    [
      ['--save', thesis, '--force'],
      /k3 is not empty and is not a model Rivulet wrote; refusing to replace it/,
    ],
    [
      ['--save', join(dir, 'notes.txt')],
      /--save ".*notes\.txt" is not a directory; with a list of components/,
    ],
    [
      ['--save', join(dir, 'models'), '--report', join(dir, 'models', 'r.html')],
      /the parent directory .*models does not exist|is inside the output --save/,
    ],
  ];
  const before = await snapshot(dir);
  for (const [args, message] of cases) {
    const run = await rivulet(['topics', input, ...LIST, ...args]);
    t.not(run.code, 0, args.join(' '));
    t.regex(run.stderr, message);
    t.false(run.stderr.includes('training'), run.stderr);
    t.deepEqual(await snapshot(dir), before);
  }
  t.deepEqual((await readdir(dir)).sort(), ['docs.jsonl', 'docs.k2.jsonl', 'notes.txt', 'thesis']);
});
