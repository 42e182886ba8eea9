import { isRivuletError, type TextDocument } from '@rivulet/core';
import test from 'ava';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { jsonlDocuments, readJsonl, readLines, type SkippedLine } from './index.js';
import { closedEventually, isOpen, tempFile } from './internal/testFiles.js';

const collect = (path: string, options?: Parameters<typeof readJsonl>[1]) =>
  lastValueFrom(readJsonl(path, options).pipe(toArray()));

test('README snippet', async (t) => {
  const path = await tempFile('docs.jsonl', '{"id":"a","text":"first"}\n\n{"text":"no id"}\n');
  const docs = await lastValueFrom(readJsonl(path).pipe(toArray()));
  t.deepEqual(docs, [
    { id: 'a', text: 'first' },
    { id: '3', text: 'no id' },
  ]);
});

test('reads custom fields, integer ids and CRLF line ends', async (t) => {
  const path = await tempFile('docs.jsonl', '{"n":7,"body":"x"}\r\n{"n":"b","body":"y"}');
  t.deepEqual(await collect(path, { textField: 'body', idField: 'n' }), [
    { id: '7', text: 'x' },
    { id: 'b', text: 'y' },
  ]);
});

test('decodes multi-byte characters split across chunks', async (t) => {
  const text = '中文分词与主题模型'.repeat(50);
  const path = await tempFile('zh.jsonl', `${JSON.stringify({ text })}\n${JSON.stringify({ text })}\n`);
  const docs = await collect(path, { chunkSize: 7 });
  t.deepEqual(
    docs.map((d) => d.text),
    [text, text],
  );
});

test('a malformed line stops the stream naming the file and line', async (t) => {
  const path = await tempFile('bad.jsonl', '{"text":"ok"}\n{"text": oops}\n{"text":"later"}\n');
  const error = await t.throwsAsync(collect(path));
  t.true(isRivuletError(error, 'invalid-input'));
  t.regex(error.message, /^readJsonl: .*bad\.jsonl:2: malformed JSON/);
  t.false(await isOpen(path));
});

test('skip mode leaves bad lines out and reports each one', async (t) => {
  const path = await tempFile('bad.jsonl', '{"text":"ok"}\n[1]\n{"text":3}\nnot json\n{"text":"end"}\n');
  const skipped: SkippedLine[] = [];
  const docs = await collect(path, { onError: 'skip', onSkip: (s) => skipped.push(s) });
  t.deepEqual(
    docs.map((d) => d.id),
    ['1', '5'],
  );
  t.deepEqual(
    skipped.map((s) => s.line),
    [2, 3, 4],
  );
  t.is(skipped[0].source, path);
  t.regex(skipped[1].reason, /field "text" must be a string, got a number/);
});

test('skip mode without a callback emits one summary warning', async (t) => {
  const path = await tempFile('bad.jsonl', '{"text":"ok"}\nnope\nnope\n');
  const warnings: Error[] = [];
  const listener = (w: Error) => warnings.push(w);
  process.on('warning', listener);
  try {
    await collect(path, { onError: 'skip' });
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  const mine = warnings.filter((w) => (w as Error & { code?: string }).code === 'RIVULET_SKIPPED_LINES');
  t.is(mine.length, 1);
  t.regex(mine[0].message, /skipped 2 malformed line\(s\)/);
});

test('reads only own fields: __proto__ and constructor keys cannot supply text or pollute', async (t) => {
  const path = await tempFile(
    'proto.jsonl',
    [
      '{"__proto__":{"text":"polluted"},"id":"p"}',
      '{"constructor":{"prototype":{"text":"polluted"}}}',
      '{"text":"fine","__proto__":{"isAdmin":true}}',
    ].join('\n'),
  );
  const skipped: SkippedLine[] = [];
  const docs = await collect(path, { onError: 'skip', onSkip: (s) => skipped.push(s) });
  t.deepEqual(docs, [{ id: '3', text: 'fine' }]);
  t.deepEqual(
    skipped.map((s) => s.line),
    [1, 2],
  );
  t.is(({} as Record<string, unknown>).isAdmin, undefined);
  t.is(({} as Record<string, unknown>).text, undefined);
  const error = await t.throwsAsync(collect(path, { textField: 'constructor' }));
  t.regex(error.message, /proto\.jsonl:1: field "constructor" must be a string/);
});

test('a missing file is an io error naming the path', async (t) => {
  const error = await t.throwsAsync(collect('/nonexistent/rivulet/x.jsonl'));
  t.true(isRivuletError(error, 'io'));
  t.is(
    error.message,
    'readJsonl: cannot read "/nonexistent/rivulet/x.jsonl": ENOENT: no such file or directory',
  );
});

test('bad options error through the Observable, not synchronously', async (t) => {
  const source = readJsonl('whatever.jsonl', { onError: 'ignore' as 'skip' });
  const error = await t.throwsAsync(lastValueFrom(source));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error.message, 'readJsonl: onError must be one of "stop", "skip", got "ignore"');
  const unknown = await t.throwsAsync(lastValueFrom(readJsonl('x', { textfield: 'a' } as never)));
  t.regex(unknown.message, /unknown option "textfield" \(did you mean "textField"\?\)/);
});

test('an empty file completes with no documents', async (t) => {
  const path = await tempFile('empty.jsonl', '');
  t.deepEqual(await collect(path), []);
});

test('unsubscribing early closes the file without reading it all', async (t) => {
  const line = `${JSON.stringify({ text: 'x'.repeat(100) })}\n`;
  const path = await tempFile('big.jsonl', line.repeat(20_000));
  const first = await firstValueFrom(readJsonl(path, { chunkSize: 4096 }));
  t.is(first.id, '1');
  t.true(await closedEventually(path));
});

test('the Observable is cold: each subscription reads the file anew', async (t) => {
  const path = await tempFile('docs.jsonl', '{"text":"a"}\n{"text":"b"}\n');
  const source = readJsonl(path);
  t.deepEqual(await lastValueFrom(source.pipe(toArray())), await lastValueFrom(source.pipe(toArray())));
  t.is((await lastValueFrom(source.pipe(take(1), toArray()))).length, 1);
});

test('jsonlDocuments reads only as far as it is pulled and closes on break', async (t) => {
  const line = `${JSON.stringify({ text: 'y'.repeat(100) })}\n`;
  const path = await tempFile('pull.jsonl', line.repeat(5000));
  const seen: TextDocument[] = [];
  for await (const doc of jsonlDocuments(path, { chunkSize: 1024 })) {
    seen.push(doc);
    t.true(await isOpen(path));
    if (seen.length === 3) break;
  }
  t.is(seen.length, 3);
  t.false(await isOpen(path));
});

test('onProgress reports bytes read against the file size, chunk by chunk', async (t) => {
  const content = '{"text":"a"}\n'.repeat(100);
  const path = await tempFile('p.jsonl', content);
  const seen: number[] = [];
  await lastValueFrom(
    readJsonl(path, {
      chunkSize: 500,
      onProgress: ({ bytesRead, totalBytes }) => {
        t.is(totalBytes, content.length);
        seen.push(bytesRead);
      },
    }).pipe(toArray()),
  );
  t.deepEqual(seen, [500, 1000, 1300]);
  const bad = await t.throwsAsync(lastValueFrom(readJsonl(path, { onProgress: 1 as never })));
  t.is(bad.message, 'readJsonl: onProgress must be a function, got 1');
});

test('unsubscribing in the middle of a very long line closes the file without reading the line to its end', async (t) => {
  const path = await tempFile('long.txt', `short\n${'x'.repeat(4_000_000)}\nend\n`);
  let chunks = 0;
  const subscription = readLines(path, { chunkSize: 1024, onProgress: () => chunks++ }).subscribe();
  while (chunks < 3) await new Promise((resolve) => setImmediate(resolve));
  subscription.unsubscribe();
  t.true(await closedEventually(path));
  // The long line is 3,900 chunks: stopping a few chunks after the unsubscription proves it stopped early.
  t.true(chunks < 100, `read ${chunks} chunks`);
});
