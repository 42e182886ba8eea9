import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isRivuletError, type TextDocument } from '@rivulet/core';
import test from 'ava';
import { concatMap, delay, lastValueFrom, of, Subject, take, toArray } from 'rxjs';
import {
  batches,
  fromAsyncIterable,
  fromReadable,
  readDirectory,
  readLines,
  readLinesSync,
  type SkippedLine,
} from './index.js';
import { closedEventually, tempDir, tempFile } from './internal/testFiles.js';

test('readLines: one document per non-empty line, id = line number', async (t) => {
  const path = await tempFile('c.txt', 'alpha beta\n\n  \r\ngamma\r\ndelta');
  const docs = await lastValueFrom(readLines(path).pipe(toArray()));
  t.deepEqual(docs, [
    { id: '1', text: 'alpha beta' },
    { id: '4', text: 'gamma' },
    { id: '5', text: 'delta' },
  ]);
});

test('readLinesSync gives what readLines gives, synchronously, with the same errors', async (t) => {
  const path = await tempFile('s.txt', 'alpha beta\n\n  \r\ngamma\r\n\u00e9t\u00e9 \u4e2d\u6587\ndelta');
  const streamed = await lastValueFrom(readLines(path, { chunkSize: 3 }).pipe(toArray()));
  const read: TextDocument[] = [];
  readLinesSync(path, { chunkSize: 3 }, (doc) => read.push(doc));
  t.deepEqual(read, streamed);
  t.is(read.length, 4);
  const missing = t.throws(() => readLinesSync('/nonexistent/a.txt', undefined, () => {}));
  t.true(isRivuletError(missing, 'io'));
  t.regex(missing.message, /^readLines: cannot read "\/nonexistent\/a\.txt"/);
  t.true(
    isRivuletError(
      t.throws(() => readLinesSync(path, { chunkSize: 0 }, () => {})),
      'invalid-option',
    ),
  );
});

test('readLines: missing file is an io error, early unsubscribe closes the file', async (t) => {
  const error = await t.throwsAsync(lastValueFrom(readLines('/nonexistent/a.txt')));
  t.true(isRivuletError(error, 'io'));
  t.regex(error.message, /^readLines: cannot read "\/nonexistent\/a\.txt"/);
  const path = await tempFile('many.txt', 'line\n'.repeat(100_000));
  const docs = await lastValueFrom(readLines(path, { chunkSize: 512 }).pipe(take(2), toArray()));
  t.is(docs.length, 2);
  t.true(await closedEventually(path));
});

test('readDirectory: recursive, sorted, posix ids, hidden and binary files left out', async (t) => {
  const dir = await tempDir();
  await mkdir(join(dir, 'b', 'c'), { recursive: true });
  await mkdir(join(dir, '.git'));
  await writeFile(join(dir, 'b', 'c', 'z.txt'), 'deep');
  await writeFile(join(dir, 'b', 'a.md'), 'markdown');
  await writeFile(join(dir, 'a.txt'), '\ufeffbom stripped');
  await writeFile(join(dir, 'README'), 'no extension');
  await writeFile(join(dir, '.hidden'), 'secret');
  await writeFile(join(dir, '.git', 'HEAD'), 'ref');
  await writeFile(join(dir, 'img.bin'), new Uint8Array([1, 0, 2]));
  const skipped: SkippedLine[] = [];
  const docs = await lastValueFrom(readDirectory(dir, { onSkip: (s) => skipped.push(s) }).pipe(toArray()));
  t.deepEqual(docs, [
    { id: 'README', text: 'no extension' },
    { id: 'a.txt', text: 'bom stripped' },
    { id: 'b/a.md', text: 'markdown' },
    { id: 'b/c/z.txt', text: 'deep' },
  ]);
  t.deepEqual(
    skipped.map((s) => s.source),
    ['img.bin'],
  );
  const txt = await lastValueFrom(readDirectory(dir, { extensions: ['.TXT'] }).pipe(toArray()));
  t.deepEqual(
    txt.map((d) => d.id),
    ['a.txt', 'b/c/z.txt'],
  );
});

test('readDirectory: errors', async (t) => {
  const missing = await t.throwsAsync(lastValueFrom(readDirectory('/nonexistent/dir')));
  t.true(isRivuletError(missing, 'io'));
  t.regex(missing.message, /^readDirectory: cannot read "\/nonexistent\/dir"/);
  const bad = await t.throwsAsync(lastValueFrom(readDirectory('.', { extensions: 'txt' as never })));
  t.true(isRivuletError(bad, 'invalid-option'));
});

test('fromAsyncIterable pulls the next value only after the previous one was delivered', async (t) => {
  const log: string[] = [];
  async function* source() {
    for (let i = 1; i <= 3; i++) {
      log.push(`pull ${i}`);
      yield i;
    }
  }
  const values = await lastValueFrom(
    fromAsyncIterable(source()).pipe(
      concatMap((v) => {
        log.push(`got ${v}`);
        return of(v);
      }),
      toArray(),
    ),
  );
  t.deepEqual(values, [1, 2, 3]);
  t.deepEqual(log, ['pull 1', 'got 1', 'pull 2', 'got 2', 'pull 3', 'got 3']);
});

test('fromAsyncIterable: errors, empty sources, unsubscription and bad input', async (t) => {
  async function* failing() {
    yield 1;
    throw new Error('boom');
  }
  await t.throwsAsync(lastValueFrom(fromAsyncIterable(failing())), { message: 'boom' });
  async function* empty() {}
  t.deepEqual(await lastValueFrom(fromAsyncIterable(empty()).pipe(toArray())), []);
  let finished = false;
  async function* endless() {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      finished = true;
    }
  }
  t.deepEqual(await lastValueFrom(fromAsyncIterable(endless()).pipe(take(3), toArray())), [0, 1, 2]);
  await new Promise((resolve) => setImmediate(resolve));
  t.true(finished);
  const error = await t.throwsAsync(lastValueFrom(fromAsyncIterable(42 as never)));
  t.true(isRivuletError(error, 'invalid-input'));
});

test('fromReadable: lines, jsonl and object-mode streams', async (t) => {
  const lines = await lastValueFrom(
    fromReadable(Readable.from([Buffer.from('a b\nc'), Buffer.from(' d\n')])).pipe(toArray()),
  );
  t.deepEqual(lines, [
    { id: '1', text: 'a b' },
    { id: '2', text: 'c d' },
  ]);
  const jsonl = await lastValueFrom(
    fromReadable(Readable.from(['{"id":"x","text":"t"}\n']), { format: 'jsonl' }).pipe(toArray()),
  );
  t.deepEqual(jsonl, [{ id: 'x', text: 't' }]);
  const objects: TextDocument[] = [{ id: 'o', text: 'object' }];
  t.deepEqual(await lastValueFrom(fromReadable(Readable.from(objects)).pipe(toArray())), objects);
  const bad = await t.throwsAsync(
    lastValueFrom(fromReadable(Readable.from([{ id: 1 }]), { label: 'stdin' })),
  );
  t.regex(bad.message, /^fromReadable: stdin:1: expected a \{ id: string, text: string \} object/);
  const badJson = await t.throwsAsync(
    lastValueFrom(fromReadable(Readable.from(['{"text":"a"}\n{\n']), { format: 'jsonl', label: 'stdin' })),
  );
  t.regex(badJson.message, /^fromReadable: stdin:2: malformed JSON/);
});

test('fromReadable: unsubscribing destroys the stream', async (t) => {
  const stream = Readable.from(
    (function* () {
      for (let i = 0; ; i++) yield `line ${i}\n`;
    })(),
  );
  const docs = await lastValueFrom(fromReadable(stream).pipe(take(2), toArray()));
  t.is(docs.length, 2);
  await new Promise((resolve) => setImmediate(resolve));
  t.true(stream.destroyed);
});

test('batches groups values and lets concatMap work one batch at a time', async (t) => {
  const path = await tempFile('c.txt', 'a\nb\nc\nd\ne\n');
  const sizes = await lastValueFrom(
    readLines(path).pipe(
      batches(2),
      concatMap((batch) => of(batch.length).pipe(delay(1))),
      toArray(),
    ),
  );
  t.deepEqual(sizes, [2, 2, 1]);
  const error = await t.throwsAsync(lastValueFrom(of(1).pipe(batches(0))));
  t.is(error.message, 'batches: size must be an integer ≥ 1, got 0');
  const empty = new Subject<number>();
  const done = lastValueFrom(empty.pipe(batches(3), toArray()));
  empty.complete();
  t.deepEqual(await done, []);
});

test('a path that is not a string is an invalid-option error naming it, not an io error', async (t) => {
  const { readJsonl: read } = await import('./readJsonl.js');
  const { lastValueFrom: last } = await import('rxjs');
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const error = await t.throwsAsync(last(read(42 as any)));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error?.message, 'readJsonl: path must be a file path string, got 42');
});

test('readJsonlSync reads what readJsonl reads, with the fields and line of each record, and skips alike', async (t) => {
  const { readJsonlSync } = await import('./readJsonlSync.js');
  const { readJsonl: read } = await import('./readJsonl.js');
  const { lastValueFrom: last, toArray: all } = await import('rxjs');
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-sync-'));
  const file = join(dir, 'c.jsonl');
  await writeFile(file, '\ufeff{"id":"a","text":"x","source":"s1"}\r\n\nnope\n{"text":"y","source":"s2"}');
  const seen: unknown[] = [];
  const skipped: number[] = [];
  readJsonlSync(file, { onError: 'skip', onSkip: (s) => skipped.push(s.line), chunkSize: 3 }, (r) =>
    seen.push({ ...r.document, source: r.fields.source, line: r.line }),
  );
  t.deepEqual(seen, [
    { id: 'a', text: 'x', source: 's1', line: 1 },
    { id: '4', text: 'y', source: 's2', line: 4 },
  ]);
  t.deepEqual(skipped, [3]);
  const streamed = await last(read(file, { onError: 'skip', onSkip: () => {} }).pipe(all()));
  t.deepEqual(
    streamed,
    seen.map((d) => ({ id: (d as { id: string }).id, text: (d as { text: string }).text })),
  );
  const error = t.throws(() => readJsonlSync(file, {}, () => {}));
  t.is(
    error?.message,
    `readJsonl: ${file}:3: malformed JSON (Unexpected token 'o', "nope" is not valid JSON)`,
  );
});
