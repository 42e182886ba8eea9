import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import { readJsonl } from '@rivulet/sources';
import test from 'ava';
import { lastValueFrom, toArray } from 'rxjs';
import { readLabels } from './readLabels.js';

async function jsonl(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rivulet-labels-')), 'c.jsonl');
  await writeFile(path, content);
  return path;
}

test('one label per record readJsonl yields, in order: BOM, CRLF, blank lines and a last line without \\n', async (t) => {
  const path = await jsonl(
    '\ufeff{"text":"a","source":"x"}\r\n\n   \n{"text":"b","source":"y"}\n{"text":"c","source":"é"}',
  );
  const documents = await lastValueFrom(readJsonl(path).pipe(toArray()));
  const labels = readLabels(path, 'source');
  t.deepEqual(labels, ['x', 'y', 'é']);
  t.is(labels.length, documents.length);
});

test('lines longer than a read chunk and multi-byte characters across chunks', async (t) => {
  const long = '漢'.repeat(700_000);
  const path = await jsonl(`{"text":"${long}","source":"${long}"}\n{"text":"b","source":"z"}\n`);
  t.deepEqual(readLabels(path, 'source'), [long, 'z']);
});

test('a record without a string label is invalid-input naming the file, the line and the field', async (t) => {
  const path = await jsonl('{"text":"a","source":"x"}\n\n{"text":"b","source":3}\n');
  const error = t.throws(() => readLabels(path, 'source'));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(error?.message, `rivulet: ${path}:3: --label-field "source" must be a string, got a number`);
  const inherited = await jsonl('{"text":"a"}\n');
  t.regex(
    t.throws(() => readLabels(inherited, 'constructor'))!.message,
    /got nothing \(the field is missing\)$/,
  );
});
