import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { lastValueFrom, toArray } from 'rxjs';
import { tempDir, tempFile } from './internal/testFiles.js';
import { readDirectory } from './readDirectory.js';
import { readJsonl } from './readJsonl.js';
import { readJsonlSync } from './readJsonlSync.js';
import { readLines } from './readLines.js';
import { readTextFile } from './readTextFile.js';

const utf16 = (text: string, bigEndian = false): Uint8Array => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (bigEndian) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

test('UTF-16 files (little- and big-endian, by their byte-order mark) are decoded, not read as garbage', async (t) => {
  for (const bigEndian of [false, true]) {
    const txt = await tempFile('c.txt', utf16('première ligne\n第二行\n', bigEndian));
    t.deepEqual(
      (await lastValueFrom(readLines(txt, { chunkSize: 3 }).pipe(toArray()))).map((d) => d.text),
      ['première ligne', '第二行'],
    );
    const jsonl = await tempFile('c.jsonl', utf16('{"id":"a","text":"héllo"}\n', bigEndian));
    t.deepEqual(await lastValueFrom(readJsonl(jsonl).pipe(toArray())), [{ id: 'a', text: 'héllo' }]);
    const seen: string[] = [];
    readJsonlSync(jsonl, { chunkSize: 1 }, (r) => seen.push(r.document.text));
    t.deepEqual(seen, ['héllo']);
    t.is(await readTextFile(txt), 'première ligne\n第二行\n');
  }
  const dir = await tempDir();
  await writeFile(join(dir, 'a.txt'), utf16('mostly ascii text'));
  t.deepEqual(await lastValueFrom(readDirectory(dir).pipe(toArray())), [
    { id: 'a.txt', text: 'mostly ascii text' },
  ]);
});

test('a line over maxLineLength is a limit error naming file:line, as soon as the limit is passed', async (t) => {
  const path = await tempFile('c.txt', `short\n${'x'.repeat(100)}\nafter\n`);
  const error = await t.throwsAsync(lastValueFrom(readLines(path, { maxLineLength: 50, chunkSize: 7 })));
  t.true(isRivuletError(error, 'limit'));
  t.is(
    error?.message,
    `readLines: ${path}:2: a line longer than 50 characters; a document may hold at most 50 (option maxLineLength)`,
  );
  // Exactly at the limit is fine, and \r\n does not count against it.
  const exact = await tempFile('c.txt', `${'y'.repeat(50)}\r\n`);
  t.is((await lastValueFrom(readLines(exact, { maxLineLength: 50 }))).text.length, 50);
  const bad = await t.throwsAsync(lastValueFrom(readLines(path, { maxLineLength: 0 })));
  t.is(bad?.message, 'readLines: maxLineLength must be an integer in [1, 2^29], got 0');
});

test('special files are refused before any byte is read', async (t) => {
  const dir = await tempDir();
  await symlink('/dev/zero', join(dir, 'zero.jsonl'));
  execFileSync('mkfifo', [join(dir, 'fifo.txt')]);
  const zero = await t.throwsAsync(lastValueFrom(readJsonl(join(dir, 'zero.jsonl'))));
  t.true(isRivuletError(zero, 'invalid-input'));
  t.regex(
    zero?.message ?? '',
    /^readJsonl: ".*zero\.jsonl" is a character device; only regular files are read/,
  );
  const fifo = t.throws(() => readJsonlSync(join(dir, 'fifo.txt'), {}, () => {}));
  t.regex(
    fifo?.message ?? '',
    /^readJsonl: ".*fifo\.txt" is a FIFO \(named pipe\); only regular files are read/,
  );
  await mkdir(join(dir, 'sub'));
  const sub = await t.throwsAsync(readTextFile(join(dir, 'sub')));
  t.true(isRivuletError(sub, 'io'));
});

test('a file that changes while it is read is an error, not a torn last document', async (t) => {
  const path = await tempFile('c.jsonl', `${'{"text":"a document"}\n'.repeat(200)}{"text":"last"}\n`);
  let cut = false;
  const error = t.throws(() =>
    readJsonlSync(path, { chunkSize: 256 }, () => {
      if (!cut) {
        cut = true;
        execFileSync('truncate', ['-s', '300', path]);
      }
    }),
  );
  t.true(isRivuletError(error, 'io'));
  t.regex(
    error?.message ?? '',
    /^readJsonl: ".*c\.jsonl" changed while it was read \(\d+ bytes when opened, \d+ read, 300 now\)/,
  );
});
