import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer } from '@rivulet/nats';
import anyTest, { type TestFn } from 'ava';
import { HELP } from './help.js';
import { main } from './index.js';

const available = findNatsServer() !== undefined;
if (!available && process.env.CI === 'true')
  throw new Error('nats-server is not installed: CI must install it');
const serverTest = (available ? anyTest : anyTest.skip) as TestFn;
const test = anyTest;

const io = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
};

test('publish, worker, coordinator and model have help with three examples each', (t) => {
  for (const command of ['publish', 'worker', 'coordinator', 'model'] as const) {
    const examples = HELP[command].split('Examples:\n')[1] ?? '';
    t.is(examples.trim().split('\n').length, 3, command);
  }
  t.regex(HELP.main, /rivulet coordinator --nats URL/);
});

test('without --nats, publish, worker and model say what they need', async (t) => {
  const { out, io: streams } = io();
  t.is(await main(['worker', '--model', 'topics'], streams), 2);
  t.regex(out.stderr, /worker needs --nats URL/);
  t.is(await main(['publish', 'corpus.jsonl', '--nats', 'nats://127.0.0.1:1'], streams), 2);
  t.regex(out.stderr, /publish needs --stream NAME/);
  t.is(await main(['coordinator', '--nats', 'nats://127.0.0.1:4222', 'extra'], streams), 2);
  t.regex(out.stderr, /coordinator takes no arguments with --nats/);
});

serverTest(
  'coordinator without --nats trains in one process on a loopback server, prints and saves the model',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rivulet-coordinator-'));
    const corpus = join(dir, 'corpus.jsonl');
    const words = ['river water bank flood', 'kernel thread memory cache', 'market price stock bond'];
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ id: `d${i}`, text: `${words[i % 3]} ${words[(i * 7) % 3]} ${words[i % 3]}` }),
    );
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    const { out, io: streams } = io();
    const save = join(dir, 'model');
    const args = [
      'coordinator',
      corpus,
      '-n',
      '3',
      '--n-features',
      '1024',
      '--workers',
      '2',
      '--batch-size',
      '20',
    ];
    t.is(
      await main([...args, '--terms', corpus, '--save', save, '--json', '--quiet'], streams),
      0,
      out.stderr,
    );
    const printed = JSON.parse(out.stdout);
    t.is(printed.documents, 300);
    t.is(printed.batches, 15);
    t.is(printed.topics.length, 3);
    t.true(printed.topics.flat().includes('river'));
    t.deepEqual(readdirSync(save).sort(), ['A.f64', 'B.f64', 'H.f64', 'settings.json', 'state.json']);
  },
);
