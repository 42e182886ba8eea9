import test from 'ava';
import { main } from './index.js';

test('README snippet', async (t) => {
  let json = '';
  const code = await main(
    [
      'topics',
      'data/zh.jsonl',
      '--lang',
      'zh',
      '--stop-words',
      'zh',
      '--components',
      '5',
      '--json',
      '--quiet',
    ],
    { stdout: { write: (text: string) => (json += text) }, stderr: process.stderr },
  );
  const { documents, topics } = JSON.parse(json); // topics: [{ index, size, coherence, terms: [{ term, weight }] }, …]
  t.is(code, 0);
  t.is(documents, 5671);
  t.is(topics.length, 5);
});

test('main returns exit codes instead of exiting, and writes errors to stderr', async (t) => {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
  t.is(await main(['topics', 'no-such.jsonl'], io), 1);
  t.is(err, 'rivulet: cannot read corpus "no-such.jsonl": no such file or directory\n');
  t.is(out, '');
  t.is(await main(['topics', 'x.jsonl', '--tol', 'tiny'], io), 2);
  t.is(await main(['--version'], io), 0);
  t.regex(out, /^\d+\.\d+\.\d+\n$/);
});

test('--version, --help and an unknown option do not load the plugin container, RxJS or the numeric packages', async (t) => {
  // reflect-metadata (loaded by @rivulet/core's main entry, with InversifyJS and RxJS) defines
  // Reflect.getMetadata; these answers need none of it, and loading it costs about 0.3 s of CPU.
  const { execFileSync } = await import('node:child_process');
  const mainUrl = new URL('./main.js', import.meta.url).href;
  const script = `import { main } from ${JSON.stringify(mainUrl)};
    const io = { stdout: { write() {} }, stderr: { write() {} } };
    const codes = [await main(['--version'], io), await main(['--help'], io), await main(['--nope'], io)];
    process.stdout.write(JSON.stringify({ codes, metadata: typeof Reflect.getMetadata }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
  t.deepEqual(out, { codes: [0, 0, 2], metadata: 'undefined' });
});
