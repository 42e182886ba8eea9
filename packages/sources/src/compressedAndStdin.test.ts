import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { lastValueFrom, toArray } from 'rxjs';
import { type ReadProgress, readJsonl, readJsonlRecords, readLines } from './index.js';
import { tempFile } from './internal/testFiles.js';

const jsonl = '{"id":"a","text":"first é"}\n\n{"id":"b","text":"second","label":"x"}\n{"text":"third"}';
const expected = [
  { id: 'a', text: 'first é' },
  { id: 'b', text: 'second' },
  { id: '4', text: 'third' },
];

test('a .gz file is decompressed as it streams, by every reader, with progress in compressed bytes', async (t) => {
  const gz = gzipSync(Buffer.from(jsonl));
  const path = await tempFile('docs.jsonl.gz', gz);
  t.deepEqual(await lastValueFrom(readJsonl(path, { chunkSize: 7 }).pipe(toArray())), expected);
  const seen: { id: string; label: unknown; line: number }[] = [];
  const progress: ReadProgress[] = [];
  await readJsonlRecords(path, { chunkSize: 5, onProgress: (p) => progress.push(p) }, (r) =>
    seen.push({ id: r.document.id, label: r.fields.label, line: r.line }),
  );
  t.deepEqual(seen, [
    { id: 'a', label: undefined, line: 1 },
    { id: 'b', label: 'x', line: 3 },
    { id: '4', label: undefined, line: 4 },
  ]);
  t.is(progress[progress.length - 1].bytesRead, gz.length);
  t.is(progress[0].totalBytes, gz.length);
  const lines = await tempFile('lines.TXT.GZ', Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]));
  t.deepEqual(await lastValueFrom(readLines(lines).pipe(toArray())), [
    { id: '1', text: 'one' },
    { id: '2', text: 'two' },
  ]);
});

test('readJsonlRecords reads a plain file like readJsonl, and a malformed line names file and line', async (t) => {
  const path = await tempFile('docs.jsonl', jsonl);
  const ids: string[] = [];
  await readJsonlRecords(path, undefined, (r) => ids.push(r.document.id));
  t.deepEqual(ids, ['a', 'b', '4']);
  const bad = await tempFile('bad.jsonl.gz', gzipSync('{"text":"ok"}\n{"text":\n'));
  const error = await t.throwsAsync(readJsonlRecords(bad, {}, () => {}));
  t.true(isRivuletError(error, 'invalid-input'));
  t.regex(error.message, /^readJsonl: .*bad\.jsonl\.gz:2: malformed JSON/);
});

test('a .gz file that is not gzip is invalid input; a missing one is an io error naming it', async (t) => {
  const notGzip = await tempFile('plain.jsonl.gz', jsonl);
  const error = await t.throwsAsync(readJsonlRecords(notGzip, {}, () => {}));
  t.true(isRivuletError(error, 'invalid-input'));
  t.regex(error.message, /cannot decompress ".*plain\.jsonl\.gz": .*expected gzip data/);
  const observed = await t.throwsAsync(lastValueFrom(readJsonl(`${notGzip}.missing.gz`)));
  t.true(isRivuletError(observed, 'io'));
  t.regex(observed.message, /cannot read ".*missing\.gz": ENOENT/);
});

test('an exception from onRecord ends readJsonlRecords and rejects with it', async (t) => {
  const path = await tempFile('docs.jsonl.gz', gzipSync(jsonl));
  await t.throwsAsync(
    readJsonlRecords(path, {}, () => {
      throw new Error('stop here');
    }),
    { message: 'stop here' },
  );
});

test('"-" reads standard input, for readJsonlRecords and readLines alike', (t) => {
  const index = fileURLToPath(new URL('./index.js', import.meta.url));
  const script = `
    const { readJsonlRecords, readLines } = await import(${JSON.stringify(index)});
    const ids = [];
    if (process.argv[1] === 'jsonl') await readJsonlRecords('-', {}, (r) => ids.push(r.document.id));
    else await new Promise((done) => readLines('-').subscribe({ next: (d) => ids.push(d.text), complete: done }));
    console.log(JSON.stringify(ids));`;
  const run = (mode: string, input: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', script, mode], { input, encoding: 'utf8' });
  const a = run('jsonl', jsonl);
  t.is(a.status, 0, a.stderr);
  t.deepEqual(JSON.parse(a.stdout), ['a', 'b', '4']);
  const b = run('lines', 'x\n\ny\n');
  t.is(b.status, 0, b.stderr);
  t.deepEqual(JSON.parse(b.stdout), ['x', 'y']);
  const c = run('jsonl', '{"text":1}\n');
  t.not(c.status, 0);
  t.regex(c.stderr, /readJsonl: stdin:1: field "text" must be a string/);
});
