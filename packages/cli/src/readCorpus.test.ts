import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError, type TextDocument } from '@rivulet/core';
import test from 'ava';
import { lastValueFrom, take, toArray } from 'rxjs';
import { Progress } from './Progress.js';
import { readCorpus } from './readCorpus.js';

async function corpus(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rivulet-read-')), name);
  await writeFile(path, content);
  return path;
}

const line = (i: number) =>
  `${JSON.stringify({ id: `d${i}`, text: `text number ${i}`, source: `s${i % 3}` })}\n`;
const quiet = new Progress(undefined);

async function textCorpus(path: string, fields = {}, progress = quiet, onRead?: (n: number) => void) {
  const read = await readCorpus(path, fields, true, progress, onRead);
  if (read.format === 'mtx') throw new Error('expected text');
  return read;
}

test('a JSON Lines corpus is a stream of its documents in order, labels filled as they are read', async (t) => {
  const path = await corpus('c.jsonl', Array.from({ length: 5 }, (_, i) => line(i)).join(''));
  let readCount: number | undefined;
  const read = await textCorpus(path, { labelField: 'source' }, quiet, (n) => {
    readCount = n;
  });
  t.deepEqual(read.labels, []);
  const documents = await lastValueFrom(read.documents.pipe(toArray()));
  t.deepEqual(
    documents,
    Array.from({ length: 5 }, (_, i): TextDocument => ({ id: `d${i}`, text: `text number ${i}` })),
  );
  t.deepEqual(read.labels, ['s0', 's1', 's2', 's0', 's1']);
  t.is(readCount, 5);
});

test('documents arrive while the file is still being read: no command holds the whole corpus', async (t) => {
  // Several 1 MiB reads' worth of lines; the terminal progress shows how much of the file was read when
  // the first document reached the consumer.
  const path = await corpus('big.jsonl', Array.from({ length: 60_000 }, (_, i) => line(i)).join(''));
  const drawn: string[] = [];
  const progress = new Progress({ isTTY: true, write: (text) => drawn.push(text) }, 0);
  const read = await textCorpus(path, {}, progress);
  let shareAtFirst = '';
  await lastValueFrom(read.documents.pipe(take(1), toArray())).then(() => {
    shareAtFirst = drawn.find((d) => d.includes('documents')) ?? '';
  });
  const percent = Number(/(\d+)% /.exec(shareAtFirst)?.[1]);
  t.true(percent < 100, shareAtFirst);
});

test('a consumer that leaves early ends the reading; an empty corpus fails at its end through the error channel', async (t) => {
  const path = await corpus('c.jsonl', Array.from({ length: 1000 }, (_, i) => line(i)).join(''));
  const first = await lastValueFrom((await textCorpus(path)).documents.pipe(take(2), toArray()));
  t.deepEqual(
    first.map((d) => d.id),
    ['d0', 'd1'],
  );
  for (const [name, content] of [
    ['empty.jsonl', '\n\n'],
    ['empty.txt', ''],
  ]) {
    const empty = await corpus(name, content);
    const read = await textCorpus(empty);
    const error = await t.throwsAsync(lastValueFrom(read.documents));
    t.true(isRivuletError(error) && error.kind === 'empty-input', String(error));
    t.regex(error?.message ?? '', /has no documents/);
  }
});

test('a reading error reaches the consumer through the error channel, naming the file and line', async (t) => {
  const path = await corpus('bad.jsonl', `${line(0)}{"id": "x", "text": 3}\n${line(2)}`);
  const seen: string[] = [];
  const read = await textCorpus(path);
  const error = await t.throwsAsync(
    new Promise<void>((resolve, reject) =>
      read.documents.subscribe({ next: (d) => seen.push(d.id), error: reject, complete: resolve }),
    ),
  );
  t.deepEqual(seen, ['d0']);
  t.regex(error?.message ?? '', /bad\.jsonl:2/);
});
