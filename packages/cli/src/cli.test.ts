import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { ROOT, type Run, rivulet as run } from './testing/rivulet.js';

const PLUGIN = fileURLToPath(new URL('../fixtures/plugin.mjs', import.meta.url));

function rivulet(...args: string[]): Promise<Run> {
  return run(args);
}

const FRUIT = ['apple', 'banana', 'cherry', 'grape', 'melon', 'peach'];
const CODE = ['compiler', 'kernel', 'debugger', 'linker', 'syntax', 'parser'];
const SEA = ['ocean', 'wave', 'tide', 'harbor', 'sailor', 'anchor'];

/** 30 documents in three clean themes, with a `source` label, written as JSONL to a fresh directory. */
async function corpus(): Promise<{ dir: string; path: string; ids: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-cli-'));
  const lines: string[] = [];
  const ids: string[] = [];
  const themes = { fruit: FRUIT, code: CODE, sea: SEA };
  let n = 0;
  for (let i = 0; i < 10; i++) {
    for (const [source, words] of Object.entries(themes)) {
      const text = [0, 1, 2, 3].map((j) => words[(i + j * (1 + (i % 2))) % words.length]).join(' ');
      ids.push(`${source}-${i}`);
      lines.push(JSON.stringify({ id: `${source}-${i}`, source, text, n: n++ }));
    }
  }
  const path = join(dir, 'docs.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  return { dir, path, ids };
}

const FAST = ['--components', '3', '--max-epochs', '100', '--quiet'];

test('--json prints one object of the documented shape', async (t) => {
  const { path } = await corpus();
  const { code, stdout, stderr } = await rivulet(
    'topics',
    path,
    ...FAST,
    '--json',
    '--label-field',
    'source',
  );
  t.is(code, 0, stderr);
  t.is(stderr, '');
  const out = JSON.parse(stdout);
  t.deepEqual(Object.keys(out).sort(), [
    'components',
    'converged',
    'decomposer',
    'documents',
    'epochs',
    'loss',
    'nmi',
    'nnz',
    'seconds',
    'settings',
    'terms',
    'topics',
  ]);
  t.is(out.documents, 30);
  t.is(out.terms, 18);
  t.is(out.components, 3);
  t.is(out.decomposer, 'nmf-cd');
  t.true(out.epochs >= 1 && out.epochs <= 100);
  t.is(typeof out.loss, 'number');
  t.is(typeof out.converged, 'boolean');
  t.deepEqual(Object.keys(out.seconds).sort(), ['read', 'total', 'train', 'vectorize']);
  t.is(out.settings.components, 3);
  t.is(out.settings.corpus, path);
  t.is(out.topics.length, 3);
  let total = 0;
  for (const [i, topic] of out.topics.entries()) {
    t.deepEqual(Object.keys(topic).sort(), ['coherence', 'index', 'size', 'terms']);
    t.is(topic.index, i);
    t.is(topic.terms.length, 10);
    t.deepEqual(Object.keys(topic.terms[0]).sort(), ['term', 'weight']);
    t.is(typeof topic.coherence, 'number');
    total += topic.size;
  }
  t.is(total, 30);
  // Three clean themes: each topic is one theme, so top_topic recovers the label exactly.
  t.true(out.nmi > 0.99, String(out.nmi));
  for (const topic of out.topics) {
    const themes = [FRUIT, CODE, SEA].filter((w) => w.includes(topic.terms[0].term));
    t.is(themes.length, 1);
    t.true(topic.terms.slice(0, 6).every((x: { term: string }) => themes[0].includes(x.term)));
  }
});

test('tables and plain progress lines when not on a terminal', async (t) => {
  const { path } = await corpus();
  const { code, stdout, stderr } = await rivulet(
    'topics',
    path,
    '--components',
    '3',
    '--max-epochs',
    '20',
    '--tol',
    '0',
  );
  t.is(code, 0, stderr);
  t.regex(stdout, /^30 documents × 18 terms, 3 topics by nmf-cd: 20 epochs/);
  t.regex(stdout, /topic {2}size +NPMI {2}top terms \(weight\)/);
  t.regex(stdout, /mean NPMI coherence -?\d\.\d{3}/);
  t.regex(stderr, /^reading .*docs\.jsonl$/m);
  t.regex(stderr, /^training nmf-cd k=3 epoch 2\/20 loss /m);
  t.false(stderr.includes('\r'));
});

test('--output writes one line per document in input order', async (t) => {
  const { dir, path, ids } = await corpus();
  const output = join(dir, 'assignments.jsonl');
  const { code, stderr } = await rivulet('topics', path, ...FAST, '--output', output);
  t.is(code, 0, stderr);
  const lines = (await readFile(output, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.deepEqual(
    lines.map((l) => l.id),
    ids,
  );
  for (const line of lines) {
    t.deepEqual(Object.keys(line), ['id', 'topics', 'top_topic']);
    t.is(line.topics.length, 3);
    t.true(Number.isInteger(line.top_topic) && line.top_topic >= 0 && line.top_topic < 3);
    t.is(line.top_topic, line.topics.indexOf(Math.max(...line.topics)));
  }
});

test('--report writes one page with a point per epoch and every topic', async (t) => {
  const { dir, path } = await corpus();
  const report = join(dir, 'report.html');
  const { code, stdout, stderr } = await rivulet('topics', path, ...FAST, '--report', report, '--json');
  t.is(code, 0, stderr);
  const { epochs, topics } = JSON.parse(stdout);
  const html = await readFile(report, 'utf8');
  t.is(html.match(/<circle data-epoch="/g)?.length, epochs);
  for (let e = 1; e <= epochs; e++) t.true(html.includes(`data-epoch="${e}"`));
  for (const topic of topics) {
    t.true(html.includes(`data-topic="${topic.index}"`));
    t.true(html.includes(`data-term="${topic.terms[0].term}"`));
  }
  // No address but the SVG namespace (an identifier, never fetched).
  t.false(/https?:\/\//.test(html.replaceAll('http://www.w3.org/2000/svg', '')));
});

test('--save, then transform and similar use the saved model', async (t) => {
  const { dir, path, ids } = await corpus();
  const model = join(dir, 'model');
  const trained = await rivulet(
    'topics',
    path,
    ...FAST,
    '--save',
    model,
    '--output',
    join(dir, 'train.jsonl'),
  );
  t.is(trained.code, 0, trained.stderr);
  const transformed = await rivulet('transform', '--model', model, path, '--quiet');
  t.is(transformed.code, 0, transformed.stderr);
  const rows = transformed.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.deepEqual(
    rows.map((r) => r.id),
    ids,
  );
  const training = (await readFile(join(dir, 'train.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.deepEqual(
    rows.map((r) => r.top_topic),
    training.map((r) => r.top_topic),
  );
  const similar = await rivulet('similar', '--model', model, 'banana melon', '-k', '5', '--json');
  t.is(similar.code, 0, similar.stderr);
  const { neighbours } = JSON.parse(similar.stdout);
  t.is(neighbours.length, 5);
  t.true(neighbours.every((n: { id: string; score: number }) => n.id.startsWith('fruit-') && n.score > 0.9));
  const texts = new Map(
    (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .map((d) => [d.id, d.text]),
  );
  t.true(neighbours.every((n: { id: string; snippet: string }) => n.snippet === texts.get(n.id)));
  // Each neighbour with the beginning of its text, kept in the model at --save.
  const table = await rivulet('similar', '--model', model, 'ocean tide', '-k', '2');
  t.regex(table.stdout, /^1 {2}\d\.\d{4} {2}sea-\d {2}[a-z ]+\n2 {2}\d\.\d{4} {2}sea-\d {2}[a-z ]+\n$/);
  for (const line of table.stdout.trim().split('\n')) {
    const [, id, text] = /(sea-\d) {2}(.*)$/.exec(line) ?? [];
    t.is(texts.get(id ?? ''), text);
  }
  // --no-snippets: no text in the model, so ids and scores only.
  const bare = join(dir, 'bare');
  t.is((await rivulet('topics', path, ...FAST, '--save', bare, '--no-snippets')).code, 0);
  t.false((await readFile(join(bare, 'model.json'), 'utf8')).includes('"snippets"'));
  const plain = await rivulet('similar', '--model', bare, 'ocean tide', '-k', '2');
  t.regex(plain.stdout, /^1 {2}\d\.\d{4} {2}sea-\d\n2 {2}\d\.\d{4} {2}sea-\d\n$/);
  t.false(
    'snippet' in
      JSON.parse((await rivulet('similar', '--model', bare, 'ocean', '--json')).stdout).neighbours[0],
  );
});

test('errors are one line on stderr with a non-zero exit and no stack', async (t) => {
  const { dir, path } = await corpus();
  await writeFile(join(dir, 'empty.jsonl'), '\n');
  await writeFile(join(dir, 'table.csv'), 'a,b\n');
  await writeFile(join(dir, 'table.mtx.gz'), 'not gzip');
  const cases: [string[], number, RegExp][] = [
    [
      ['topics', join(dir, 'missing.jsonl')],
      1,
      /^rivulet: cannot read corpus ".*missing\.jsonl": no such file or directory$/,
    ],
    [
      ['topics', join(dir, 'table.csv')],
      1,
      /^rivulet: unknown corpus format "\.csv": expected a \.jsonl, \.ndjson, \.txt or \.mtx file \(the first three may be \.gz\), a directory, or - for JSON Lines on standard input$/,
    ],
    [
      ['topics', join(dir, 'table.mtx.gz')],
      1,
      /^rivulet: unknown corpus format "\.mtx\.gz": expected a \.jsonl/,
    ],
    [
      ['topics', path, '--components', 'many'],
      2,
      /^rivulet: --components must be an integer ≥ 1, got "many"$/,
    ],
    [
      ['topics', path, '--weighting', 'bm25'],
      2,
      /^rivulet: --weighting must be one of binary, count, tfidf, got "bm25"$/,
    ],
    [['topics', path, '--colour'], 2, /^rivulet: Unknown option '--colour'/],
    [['topics', join(dir, 'empty.jsonl')], 1, /^rivulet: corpus ".*empty\.jsonl" has no documents$/],
    [
      ['topics', path, '--decomposer', 'lda'],
      1,
      /^rivulet: --decomposer must be a registered decomposer \(nmf-mu, nmf-cd, svd\), got "lda"$/,
    ],
    [['topics'], 2, /^rivulet: topics needs a corpus/],
    [['transform', '--model', join(dir, 'nope'), path], 1, /^rivulet: .*nope/],
    [['frobnicate'], 2, /^rivulet: unknown command "frobnicate"/],
  ];
  for (const [args, exit, message] of cases) {
    const { code, stdout, stderr } = await rivulet(...args, '--quiet');
    t.is(code, exit, args.join(' '));
    t.is(stdout, '');
    t.regex(stderr.trimEnd(), message);
    t.is(stderr.trimEnd().split('\n').length, 1, stderr);
    t.false(stderr.includes('    at '));
  }
  const debug = await rivulet('topics', join(dir, 'missing.jsonl'), '--debug', '--quiet');
  t.is(debug.code, 1);
  t.true(debug.stderr.includes('    at '));
});

test('a corrupted or mismatched model directory is refused in one line', async (t) => {
  const { dir, path } = await corpus();
  const model = join(dir, 'model');
  t.is((await rivulet('topics', path, ...FAST, '--save', model)).code, 0);
  const json = join(model, 'model.json');
  const original = await readFile(json, 'utf8');
  await writeFile(json, original.replace('"apple"', '"apply"'));
  const corrupted = await rivulet('similar', '--model', model, 'apple');
  t.is(corrupted.code, 1);
  t.regex(corrupted.stderr, /^rivulet: .*/);
  t.is(corrupted.stderr.trimEnd().split('\n').length, 1);
  await writeFile(json, original.slice(0, original.length / 2));
  const truncated = await rivulet('transform', '--model', model, path);
  t.is(truncated.code, 1);
  t.is(truncated.stderr.trimEnd().split('\n').length, 1, truncated.stderr);
  // A model trained on a matrix cannot read text.
  const mtxModel = join(dir, 'mtx-model');
  const fixture = fileURLToPath(new URL('../fixtures/small.mtx', import.meta.url));
  t.is((await rivulet('topics', fixture, '--components', '2', '--quiet', '--save', mtxModel)).code, 0);
  const mismatch = await rivulet('similar', '--model', mtxModel, 'apple');
  t.is(mismatch.code, 1);
  t.regex(
    mismatch.stderr,
    /^rivulet: model ".*mtx-model" was trained on a matrix, so it cannot read a query\n$/,
  );
  await writeFile(json, original);
  const wrongShape = await rivulet('transform', '--model', model, fixture, '--quiet');
  t.regex(wrongShape.stderr, /^rivulet: model ".*model" has 18 terms but the corpus matrix has 7 columns\n$/);
});

test('.mtx corpora with and without a vocabulary', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-mtx-'));
  const lines = ['%%MatrixMarket matrix coordinate integer general', '6 4 8'];
  const entries = [
    [1, 1, 3],
    [1, 2, 1],
    [2, 1, 2],
    [3, 2, 4],
    [4, 3, 2],
    [4, 4, 1],
    [5, 4, 3],
    [6, 3, 1],
  ];
  for (const [i, j, v] of entries) lines.push(`${i} ${j} ${v}`);
  const path = join(dir, 'counts.mtx');
  await writeFile(path, `${lines.join('\n')}\n`);
  await writeFile(join(dir, 'vocab.txt'), 'cat\ndog\nsun\nmoon\n');
  const named = await rivulet(
    'topics',
    path,
    '--components',
    '2',
    '--vocabulary',
    join(dir, 'vocab.txt'),
    '--json',
    '--top-terms',
    '2',
    '--output',
    join(dir, 'o.jsonl'),
  );
  t.is(named.code, 0, named.stderr);
  const out = JSON.parse(named.stdout);
  t.is(out.documents, 6);
  t.is(out.terms, 4);
  t.is(out.nnz, 8);
  t.is(out.settings.format, 'mtx');
  const terms = out.topics.flatMap((topic: { terms: { term: string }[] }) => topic.terms.map((x) => x.term));
  t.true(terms.every((term: string) => ['cat', 'dog', 'moon', 'sun'].includes(term)));
  const ids = (await readFile(join(dir, 'o.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  t.deepEqual(ids, ['1', '2', '3', '4', '5', '6']);
  const anonymous = await rivulet('topics', path, '--components', '2', '--json', '--quiet');
  t.true(JSON.parse(anonymous.stdout).topics[0].terms[0].term.startsWith('term'));
  await writeFile(join(dir, 'short.txt'), 'cat\n');
  const wrong = await rivulet(
    'topics',
    path,
    '--components',
    '2',
    '--vocabulary',
    join(dir, 'short.txt'),
    '--quiet',
  );
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /has 1 terms but the matrix has 4 columns/);
  const textOnly = await rivulet('topics', path, '--text-field', 'body', '--quiet');
  t.regex(textOnly.stderr, /^rivulet: --text-field applies to \.jsonl corpora only, got a mtx corpus/);
});

test('.txt files and directories are corpora too', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-txt-'));
  const docs = [
    'apple banana cherry',
    'compiler kernel parser',
    'apple cherry grape',
    'kernel linker syntax',
  ];
  await writeFile(join(dir, 'lines.txt'), `${docs.join('\n')}\n`);
  const txt = await rivulet(
    'topics',
    join(dir, 'lines.txt'),
    '--components',
    '2',
    '--json',
    '--quiet',
    '--output',
    join(dir, 'o.jsonl'),
  );
  t.is(txt.code, 0, txt.stderr);
  t.is(JSON.parse(txt.stdout).documents, 4);
  const ids = (await readFile(join(dir, 'o.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  t.deepEqual(ids, ['1', '2', '3', '4']);
  const tree = join(dir, 'tree');
  await mkdir(join(tree, 'sub'), { recursive: true });
  for (const [i, text] of docs.entries()) await writeFile(join(tree, i < 2 ? 'sub' : '.', `d${i}.txt`), text);
  const directory = await rivulet(
    'topics',
    tree,
    '--components',
    '2',
    '--quiet',
    '--output',
    join(dir, 'd.jsonl'),
  );
  t.is(directory.code, 0, directory.stderr);
  const dirIds = (await readFile(join(dir, 'd.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  t.deepEqual(dirIds, ['d2.txt', 'd3.txt', 'sub/d0.txt', 'sub/d1.txt']);
});

test('an empty --text-field, --id-field or --label-field is a usage error', async (t) => {
  const { path } = await corpus();
  for (const option of ['--text-field', '--id-field', '--label-field']) {
    const { code, stderr } = await rivulet('topics', path, ...FAST, option, '', '--quiet');
    t.is(code, 2, option);
    t.is(stderr, `rivulet: ${option} must be a non-empty field name, got ""\n`);
  }
});

test('--stop-words FILE removes the words listed in it', async (t) => {
  const { dir, path } = await corpus();
  await writeFile(join(dir, 'stop.txt'), 'apple\nkernel\n\nocean\n');
  const { code, stdout, stderr } = await rivulet(
    'topics',
    path,
    ...FAST,
    '--stop-words',
    join(dir, 'stop.txt'),
    '--json',
  );
  t.is(code, 0, stderr);
  const out = JSON.parse(stdout);
  t.is(out.terms, 15);
  t.deepEqual(out.settings.tokenizer.stopWords, ['apple', 'kernel', 'ocean']);
  const word = await rivulet('topics', path, '--stop-words', 'english', '--quiet');
  t.is(word.code, 2);
  t.is(
    word.stderr,
    'rivulet: --stop-words must be en, zh, none or a file of words (one per line), got "english"\n',
  );
});

test('--components with a list compares loss and coherence', async (t) => {
  const { path } = await corpus();
  const table = await rivulet('topics', path, '--components', '2,3', '--max-epochs', '50', '--quiet');
  t.is(table.code, 0, table.stderr);
  t.regex(table.stdout, /^components {2}epochs {2,}loss {2}mean NPMI {2,}time$/m);
  t.regex(table.stdout, /^ {9}2 /m);
  t.regex(table.stdout, /^ {9}3 /m);
  const json = await rivulet(
    'topics',
    path,
    '--components',
    '2,3',
    '--max-epochs',
    '50',
    '--quiet',
    '--json',
  );
  const { comparison } = JSON.parse(json.stdout);
  t.deepEqual(
    comparison.map((r: { components: number }) => r.components),
    [2, 3],
  );
  t.true(comparison[1].loss <= comparison[0].loss);
  const refused = await rivulet('topics', path, '--components', '2,3', '--label-field', 'label');
  t.is(refused.code, 2);
  t.regex(refused.stderr, /--label-field needs a single --components value/);
});

test('--components with a list writes one --output file and one --save model per k, and one report', async (t) => {
  const { dir, path } = await corpus();
  const out = join(dir, 'docs.out.jsonl');
  const models = join(dir, 'models');
  const report = join(dir, 'r.html');
  const list = ['topics', path, '--components', '2,3', '--max-epochs', '30', '--quiet'];
  const run = await rivulet(...list, '--output', out, '--save', models, '--report', report);
  t.is(run.code, 0, run.stderr);
  for (const k of [2, 3]) {
    const lines = (await readFile(join(dir, `docs.out.k${k}.jsonl`), 'utf8')).trim().split('\n');
    t.is(JSON.parse(lines[0]).topics.length, k);
    const similar = await rivulet('similar', '--model', join(models, `k${k}`), 'apple', '-k', '1', '--json');
    t.is(similar.code, 0, similar.stderr);
    t.is(JSON.parse(similar.stdout).topics.length, k);
  }
  t.deepEqual((await readdir(models)).sort(), ['k2', 'k3']);
  await t.throwsAsync(readFile(out, 'utf8'), { code: 'ENOENT' }, 'the listed name itself is not written');
  const html = await readFile(report, 'utf8');
  t.is(html.match(/<section class="model" data-model="/g)?.length, 2);
  t.is(html.match(/<circle data-k="/g)?.length, 2);
  // Again into the same directory: the models there are replaced only with --force.
  const again = await rivulet(...list, '--save', models);
  t.is(again.code, 2);
  t.regex(again.stderr, /k2 already holds a Rivulet model; pass --force to replace it/);
  const forced = await rivulet(...list, '--save', models, '--force');
  t.is(forced.code, 0, forced.stderr);
  const intoModel = await rivulet(...list, '--save', join(models, 'k2'));
  t.is(intoModel.code, 2);
  t.regex(intoModel.stderr, /k2" is a model; with a list of components --save names a directory/);
});

test('--plugin loads a third-party decomposer and --decomposer picks it', async (t) => {
  const { path } = await corpus();
  const { code, stdout, stderr } = await rivulet(
    'topics',
    path,
    '--plugin',
    PLUGIN,
    '--decomposer',
    'stripes',
    '--components',
    '3',
    '--json',
    '--quiet',
  );
  t.is(code, 0, stderr);
  const out = JSON.parse(stdout);
  t.is(out.decomposer, 'stripes');
  t.is(out.epochs, 2);
  t.deepEqual(
    out.topics.map((topic: { size: number }) => topic.size),
    [10, 10, 10],
  );
  const missing = await rivulet('topics', path, '--plugin', './no-such-plugin.mjs', '--quiet');
  t.is(missing.code, 1);
  t.regex(missing.stderr, /^rivulet: cannot load --plugin "\.\/no-such-plugin\.mjs"/);
});

test('Chinese fortunes: a subset of data/zh.jsonl with the zh tokenizer', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-zh-'));
  const lines = (await readFile(join(ROOT, 'data', 'zh.jsonl'), 'utf8')).split('\n');
  // Both ends of the file: modern sayings and the Tang/Song poems, so there are two kinds of text.
  const subset = [...lines.slice(0, 150), ...lines.filter((l) => l.includes('"tang300"')).slice(0, 150)];
  await writeFile(join(dir, 'zh.jsonl'), `${subset.join('\n')}\n`);
  const { code, stdout, stderr } = await rivulet(
    'topics',
    join(dir, 'zh.jsonl'),
    '--lang',
    'zh',
    '--stop-words',
    'zh',
    '--components',
    '4',
    '--json',
    '--quiet',
    '--label-field',
    'source',
  );
  t.is(code, 0, stderr);
  const out = JSON.parse(stdout);
  t.is(out.documents, 300);
  t.true(
    out.topics.every((topic: { terms: { term: string }[] }) =>
      topic.terms.some((x) => /\p{Script=Han}/u.test(x.term)),
    ),
  );
  t.true(out.nmi > 0.2, String(out.nmi));
});

test('--help and --version', async (t) => {
  const help = await rivulet('--help');
  t.is(help.code, 0);
  t.regex(help.stdout, /rivulet topics <corpus>/);
  const topicsHelp = await rivulet('topics', '--help');
  t.regex(topicsHelp.stdout, /--max-df N\|X/);
  const version = await rivulet('--version');
  t.is(version.code, 0);
  t.regex(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const bare = await rivulet();
  t.is(bare.code, 2);
});

test('--serve: its options need it, it takes one --components value, and a bad port is a usage error', async (t) => {
  const { path } = await corpus();
  const port = await rivulet('topics', path, '--port', '8080');
  t.is(port.code, 2);
  t.regex(port.stderr, /--port applies to --serve \(the live view\)/);
  const list = await rivulet('topics', path, '--components', '2,3', '--serve');
  t.is(list.code, 2);
  t.regex(list.stderr, /--serve needs a single --components value/);
  const bad = await rivulet('topics', path, '--serve', '--port', '70000');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--port/);
});

test('--serve prints the live view URL on stderr, even with --quiet, and the run ends as usual', async (t) => {
  const { path } = await corpus();
  const { code, stderr, stdout } = await rivulet(
    'topics',
    path,
    '--components',
    '2',
    '--serve',
    '--quiet',
    '--json',
  );
  t.is(code, 0, stderr);
  t.regex(stderr, /^live view: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/m);
  t.is(JSON.parse(stdout).components, 2);
});

test('transform --precision N rounds each weight to N significant digits; the default is full precision', async (t) => {
  const { dir, path } = await corpus();
  const model = join(dir, 'model');
  const trained = await rivulet('topics', path, ...FAST, '--save', model);
  t.is(trained.code, 0, trained.stderr);
  const full = (await rivulet('transform', '--model', model, path, '--quiet')).stdout.trimEnd().split('\n');
  const rounded = await rivulet('transform', '--model', model, path, '--quiet', '--precision', '3');
  t.is(rounded.code, 0, rounded.stderr);
  const pairs = rounded.stdout
    .trimEnd()
    .split('\n')
    .map((line, i) => [JSON.parse(line).topics as number[], JSON.parse(full[i]).topics as number[]]);
  for (const [short, long] of pairs) {
    t.deepEqual(
      short,
      long.map((w) => Number(w.toPrecision(3))),
    );
  }
  const bad = await rivulet('transform', '--model', model, path, '--precision', '0');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--precision/);
});

test('every command help ends with three examples', async (t) => {
  for (const command of [[], ['topics'], ['transform'], ['similar']]) {
    const { code, stdout } = await rivulet(...command, '--help');
    t.is(code, 0);
    const examples = stdout.split('\nExamples:\n')[1];
    t.truthy(examples, `rivulet ${command.join(' ')} --help has examples`);
    t.is(
      examples
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('  rivulet ')).length,
      3,
    );
  }
});

test('topics reads a .jsonl.gz corpus and JSON Lines on standard input (-) as it reads the plain file', async (t) => {
  const { dir, path } = await corpus();
  const gz = join(dir, 'docs.jsonl.gz');
  await writeFile(gz, gzipSync(await readFile(path)));
  const args = [...FAST, '--json', '--label-field', 'source'];
  const plain = await rivulet('topics', path, ...args);
  t.is(plain.code, 0, plain.stderr);
  const compressed = await rivulet('topics', gz, ...args);
  t.is(compressed.code, 0, compressed.stderr);
  const piped = await run(['topics', '-', ...args], { input: await readFile(path) });
  t.is(piped.code, 0, piped.stderr);
  const strip = (run: Run) => {
    const { settings: _s, seconds: _t, ...rest } = JSON.parse(run.stdout) as Record<string, unknown>;
    return rest;
  };
  t.deepEqual(strip(compressed), strip(plain));
  t.deepEqual(strip(piped), strip(plain));
  t.is((JSON.parse(piped.stdout) as { settings: { corpus: string } }).settings.corpus, '-');
});

test('--report embeds a snippet of each document read as a stream: the first 200 characters of its text, spaces collapsed', async (t) => {
  const { dir, path } = await corpus();
  // Long texts with runs of white space: the report's snippets are cut from them as they are read.
  const long = (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => {
      const doc = JSON.parse(line) as { text: string };
      doc.text = `${doc.text}\n\n   ${Array.from({ length: 60 }, (_, i) => `word${i}\t`).join(' ')}`;
      return JSON.stringify(doc);
    });
  const input = join(dir, 'long.jsonl');
  await writeFile(input, `${long.join('\n')}\n`);
  const report = join(dir, 'report.html');
  const { code, stderr } = await rivulet('topics', input, ...FAST, '--report', report);
  t.is(code, 0, stderr);
  const html = await readFile(report, 'utf8');
  const data = JSON.parse(
    /<script type="application\/json" id="explorer-data">(.*?)<\/script>/s.exec(html)![1],
  );
  const expected = long.map((line) => {
    const flat = (JSON.parse(line) as { text: string }).text.replace(/\s+/g, ' ').trim();
    return `${flat.slice(0, 200)}…`;
  });
  t.deepEqual(data.documents.snippets, expected);
});
