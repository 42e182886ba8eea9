import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = readdirSync(`${root}examples`)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

async function example(name: string, ...args: string[]) {
  return run(process.execPath, [`${root}build/examples/${name}.js`, ...args], {
    cwd: root,
    timeout: 120_000,
  });
}

/** What each example must print; a new example without an entry here fails the last test. */
const checks: Record<string, (stdout: string) => void> = {
  seed(stdout) {
    const epochs = stdout.split('\n').filter((l) => /^epoch \d+ +loss \d/.test(l));
    if (epochs.length !== 10) throw new Error(`expected 10 epoch lines, got ${epochs.length}`);
    const cos = stdout.split('\n').filter((l) => l.includes('cos'));
    if (cos.length !== 3) throw new Error(`expected 3 cos lines, got ${cos.length}`);
  },
  quickstart(stdout) {
    if (!/^topic 0: /m.test(stdout) || !/^topic 1: /m.test(stdout)) throw new Error('no topics printed');
    if (!/pay-1 ~ pay-2/.test(stdout)) throw new Error('the closest document to pay-1 should be pay-2');
  },
  'chinese-topics'(stdout) {
    if (!/^5671 documents × \d+ terms/m.test(stdout))
      throw new Error('the whole Chinese corpus was not read');
    if ((stdout.match(/^topic \d+: /gm) ?? []).length !== 8) throw new Error('expected 8 topics');
  },
  'swap-decomposer'(stdout) {
    for (const name of ['nmf-mu', 'nmf-cd', 'svd']) {
      if (!new RegExp(`^${name}: \\d+ epoch events, loss \\d`, 'm').test(stdout))
        throw new Error(`${name} did not run`);
    }
    if (!/^decomposers: nmf-mu, nmf-cd, svd$/m.test(stdout)) throw new Error('plugins not listed');
    if (!/^by name: nmf-cd with 2 components/m.test(stdout)) throw new Error('no decomposer built by name');
  },
  'custom-stage'(stdout) {
    const line = (label: string) =>
      new RegExp(
        `^${label}: \\d+ documents × \\d+ terms, 0 with digits, shortest (\\d+); (\\d+) epochs, stopped true$`,
        'm',
      ).exec(stdout);
    const plain = line('default pipeline');
    const custom = line('custom pipeline');
    if (!plain || !custom) throw new Error('a pipeline kept digits or did not stop early');
    if (Number(custom[1]) < 4) throw new Error('the custom operator did not drop short words');
    if (Number(plain[2]) >= 500) throw new Error('early stopping did not stop before maxEpochs');
    if (!/^stages: default → no-digits → operator 3 → default → nmf-mu$/m.test(stdout))
      throw new Error('stages not listed');
  },
  'training-stream'(stdout) {
    if (!/^early stop: \d+ epochs, .*stopped true$/m.test(stdout)) throw new Error('no early stop');
    if (!/^time budget: \d+ epochs .*stopped true$/m.test(stdout)) throw new Error('no time budget stop');
    if (!/^hard cancel: 5 epochs seen/m.test(stdout)) throw new Error('no hard cancel');
    const ticks = Number(/host timer fired (\d+) times/.exec(stdout)?.[1]);
    if (!(ticks > 0)) throw new Error('the host timer never fired while the worker trained');
    const online = /^online early stop: (\d+) of 50 passes, .*stopped true$/m.exec(stdout);
    if (!online || !(Number(online[1]) < 50))
      throw new Error('online NMF was not stopped early by its batches');
  },
  'topic-model'(stdout) {
    if (!/^15217 documents × \d+ terms, 8 topics: \d+ epochs, loss \d/m.test(stdout))
      throw new Error('no fit');
    if ((stdout.match(/^topic \d+: /gm) ?? []).length !== 8) throw new Error('expected 8 topics');
    if (!/^saved and loaded: \{"name":"nmf-cd"/m.test(stdout)) throw new Error('not saved and loaded');
    if (!/^document filters: strip-urls$/m.test(stdout)) throw new Error('the document filter was not saved');
    if (!/^new text → topic \d+ \(.*\bperl\b/m.test(stdout))
      throw new Error('the Perl text missed the Perl topic');
    if ((stdout.match(/^similar: en-perl-\d+ /gm) ?? []).length !== 3)
      throw new Error('expected 3 Perl fortunes');
  },
  'similar-documents'(stdout) {
    const counted = /^(\d+) new documents queried; (\d+) left out \(no known term\)$/m.exec(stdout);
    if (!counted || Number(counted[1]) + Number(counted[2]) !== 1000) throw new Error('no query count');
    const recall = Number(
      /^recall@10 of the approximate index against the exact one: ([\d.]+)$/m.exec(stdout)?.[1],
    );
    if (!(recall >= 0.99)) throw new Error(`recall@10 ${recall} below 0.99`);
    if ((stdout.match(/ ~ .* \(\d\.\d{3}\)$/gm) ?? []).length !== 3) throw new Error('expected 3 neighbours');
  },
  'live-similarity'(stdout) {
    if (!/^indexed \d+ documents; \d+ near-duplicates flagged on arrival$/m.test(stdout))
      throw new Error('no summary');
    if ((stdout.match(/^query → /gm) ?? []).length !== 3) throw new Error('expected 3 query hits');
  },
};

for (const name of examples) {
  test(`example ${name} runs and prints what it promises`, async (t) => {
    const { stdout } = await example(name);
    t.notThrows(() => checks[name]?.(stdout), stdout);
    t.truthy(checks[name], `examples/${name}.ts has no output check in test/examples.test.ts`);
  });
}

test('seed takes --epochs and --seed, and reports a bad value through the error channel', async (t) => {
  const { stdout } = await example('seed', '--epochs', '3', '--seed', '5');
  t.is(stdout.split('\n').filter((l) => l.startsWith('epoch ')).length, 3);
  const other = await example('seed', '--epochs', '3', '--seed', '6');
  t.not(other.stdout, stdout);
  const error = await t.throwsAsync(example('seed', '--epochs', 'abc'));
  t.regex(String((error as { stderr?: string }).stderr), /^nmf: maxEpochs must be an integer ≥ 1, got NaN/m);
});

test('chinese-topics --tokenizer jieba segments with the jieba plugin package', async (t) => {
  const { stdout } = await example('chinese-topics', '--tokenizer', 'jieba', '--limit', '800');
  t.regex(stdout, /^800 documents × \d+ terms, \d+ non-zeros \(tokenizer jieba\)$/m);
  t.is((stdout.match(/^topic \d+: /gm) ?? []).length, 8);
});

test('the README quickstart is examples/quickstart.ts, word for word', (t) => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const code = readFileSync(`${root}examples/quickstart.ts`, 'utf8').trim();
  t.true(readme.includes(code), 'README.md must contain examples/quickstart.ts verbatim');
});
