import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isRivuletError } from '@rivulet/core';
import { readJsonl } from '@rivulet/sources';
import test from 'ava';
import { lastValueFrom, toArray } from 'rxjs';
import { readJsonlFile } from './readJsonlFile.js';

async function jsonl(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rivulet-jsonl-')), 'c.jsonl');
  await writeFile(path, content);
  return path;
}

async function read(path: string, idField = 'id', labelField?: string) {
  const records: { id: string; text: string; label?: string }[] = [];
  await readJsonlFile(path, { textField: 'text', idField, labelField }, (id, text, label) =>
    records.push(label === undefined ? { id, text } : { id, text, label }),
  );
  return records;
}

async function viaSources(path: string, idField = 'id') {
  return (await lastValueFrom(readJsonl(path, { idField }).pipe(toArray()))).map(({ id, text }) => ({
    id,
    text,
  }));
}

test('the same ids and texts as readJsonl on the English sample, with the source labels', async (t) => {
  const path = fileURLToPath(new URL('../../../data/en.jsonl', import.meta.url));
  const records = await read(path, 'id', 'source');
  t.deepEqual(
    records.map(({ id, text }) => ({ id, text })),
    await viaSources(path),
  );
  t.true(records.every((r) => typeof r.label === 'string' && r.label.length > 0));
});

test('BOM, CRLF, blank lines, integer ids, line-number ids and a last line without \\n as readJsonl', async (t) => {
  const path = await jsonl(
    '\ufeff{"text":"a","id":7,"source":"x"}\r\n\n   \n{"text":"b","source":"y"}\n{"text":"c","id":"c","source":"é"}',
  );
  t.deepEqual(
    (await read(path)).map(({ id, text }) => ({ id, text })),
    await viaSources(path),
  );
  t.deepEqual(
    (await read(path, 'id', 'source')).map((r) => r.label),
    ['x', 'y', 'é'],
  );
});

test('lines longer than a read chunk and multi-byte characters across chunks', async (t) => {
  const long = '漢'.repeat(700_000);
  const path = await jsonl(`{"text":"${long}","source":"${long}"}\n{"text":"b","source":"z"}\n`);
  t.deepEqual(await read(path, 'id', 'source'), [
    { id: '1', text: long, label: long },
    { id: '2', text: 'b', label: 'z' },
  ]);
});

test('malformed records fail with readJsonl’s messages', async (t) => {
  for (const line of ['{"text":', '[1]', '{"text":3}', '{"text":"a","id":1.5}', '{"text":"a","id":null}']) {
    const path = await jsonl(`{"text":"ok"}\n${line}\n`);
    const mine = await t.throwsAsync(read(path));
    const theirs = await t.throwsAsync(viaSources(path));
    t.true(isRivuletError(mine, 'invalid-input'), line);
    t.is(mine?.message, theirs?.message, line);
  }
});

test('a record without a string label is invalid-input naming the file, the line and the option', async (t) => {
  const path = await jsonl('{"text":"a","source":"x"}\n\n{"text":"b","source":3}\n');
  const error = await t.throwsAsync(read(path, 'id', 'source'));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(error?.message, `rivulet: ${path}:3: --label-field "source" must be a string, got a number`);
  const inherited = await jsonl('{"text":"a"}\n');
  t.regex(
    (await t.throwsAsync(read(inherited, 'id', 'constructor')))!.message,
    /got nothing \(the field is missing\)$/,
  );
});

test('a missing file is an io error as readJsonl’s', async (t) => {
  const error = await t.throwsAsync(read('/nonexistent/corpus.jsonl'));
  t.true(isRivuletError(error, 'io'));
  t.is(
    error?.message,
    'readJsonl: cannot read "/nonexistent/corpus.jsonl": ENOENT: no such file or directory',
  );
});

test('a .jsonl.gz corpus reads as the same file uncompressed', async (t) => {
  const path = fileURLToPath(new URL('../../../data/en.jsonl', import.meta.url));
  const gz = `${await jsonl('')}.gz`;
  await writeFile(gz, gzipSync(await readFile(path)));
  t.deepEqual(await read(gz, 'id', 'source'), await read(path, 'id', 'source'));
});
