import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { lastValueFrom, map, take, timer, toArray } from 'rxjs';
import { concatBatches, jsonlDocuments } from './index.js';
import { closedEventually, isOpen, tempFile } from './internal/testFiles.js';

test('a slow consumer holds the reading back to one batch at a time', async (t) => {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < 10; i++) {
      pulled++;
      yield i;
    }
  }
  const seenAtStart: number[] = [];
  const out = await lastValueFrom(
    concatBatches(source(), 3, (batch, index) => {
      seenAtStart.push(pulled);
      // Asynchronous work: the next batch must not be read meanwhile.
      return new Promise<string>((resolve) => setTimeout(() => resolve(`${index}:${batch.join('')}`), 5));
    }).pipe(toArray()),
  );
  t.deepEqual(out, ['0:012', '1:345', '2:678', '3:9']);
  t.deepEqual(seenAtStart, [3, 6, 9, 10]);
});

test('reads a file batch by batch and closes it when unsubscribed', async (t) => {
  const line = `${JSON.stringify({ text: 'z'.repeat(200) })}\n`;
  const path = await tempFile('slow.jsonl', line.repeat(10_000));
  const sizes = await lastValueFrom(
    concatBatches(jsonlDocuments(path, { chunkSize: 1024 }), 4, (batch) =>
      timer(1).pipe(map(() => batch.length)),
    ).pipe(take(2), toArray()),
  );
  t.deepEqual(sizes, [4, 4]);
  t.true(await closedEventually(path));
  t.false(await isOpen(path));
});

test('empty sources complete; errors of the source, of project and bad sizes end the stream', async (t) => {
  async function* empty() {}
  t.deepEqual(await lastValueFrom(concatBatches(empty(), 2, (b) => [b]).pipe(toArray())), []);
  async function* failing() {
    yield 1;
    throw new Error('source failed');
  }
  await t.throwsAsync(lastValueFrom(concatBatches(failing(), 5, (b) => [b])), { message: 'source failed' });
  async function* two() {
    yield 1;
    yield 2;
  }
  await t.throwsAsync(
    lastValueFrom(
      concatBatches(two(), 1, () => {
        throw new Error('project failed');
      }),
    ),
    { message: 'project failed' },
  );
  const error = await t.throwsAsync(lastValueFrom(concatBatches(two(), 0, (b) => [b])));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error.message, 'concatBatches: size must be an integer ≥ 1, got 0');
});
