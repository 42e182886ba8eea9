import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { readMatrixMarket } from './index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/quality.json', import.meta.url), 'utf8')) as {
  mtx: { dense: number[][] };
};

async function mtx(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rivulet-mtx-')), 'm.mtx');
  await writeFile(path, content);
  return path;
}

test('reads the file scipy.io.mmwrite wrote', async (t) => {
  const matrix = await readMatrixMarket(fileURLToPath(new URL('../fixtures/small.mtx', import.meta.url)));
  t.deepEqual(matrix.toDense().toArrays(), fixture.mtx.dense);
});

test('integer and pattern fields, comments, blank lines and summed duplicates', async (t) => {
  const integer = await readMatrixMarket(
    await mtx('%%MatrixMarket matrix coordinate integer general\n% comment\n\n2 3 3\n1 1 4\n2 3 1\n1 1 2\n'),
  );
  t.deepEqual(integer.toDense().toArrays(), [
    [6, 0, 0],
    [0, 0, 1],
  ]);
  const pattern = await readMatrixMarket(
    await mtx('%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n'),
  );
  t.deepEqual(pattern.toDense().toArrays(), [
    [0, 1],
    [1, 0],
  ]);
});

test('malformed files name the file and line', async (t) => {
  const cases: [string, RegExp][] = [
    ['hello\n', /m\.mtx:1: not a Matrix Market file/],
    ['', /not a Matrix Market file \(it is empty\)/],
    ['%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n', /only "matrix coordinate" files/],
    ['%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 1 1\n', /only "general"/],
    ['%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1 0\n', /real, integer or pattern/],
    [
      '%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n',
      /m\.mtx:3: entry \(3, 1\) lies outside the 2 × 2 matrix/,
    ],
    ['%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n', /announced 2 entries, found 1/],
    [
      '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n',
      /m\.mtx:3: the value must be a finite number, got "x"/,
    ],
    ['%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n', /finite integer/],
    ['%%MatrixMarket matrix coordinate real general\n2 2\n', /the size line must be "rows columns entries"/],
    ['%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n1 1 1\n', /more entries than the 1/],
  ];
  for (const [content, message] of cases) {
    const error = await t.throwsAsync(readMatrixMarket(await mtx(content)));
    t.true(isRivuletError(error, 'invalid-input'), content);
    t.regex(error.message, message);
  }
  const missing = await t.throwsAsync(readMatrixMarket('/nonexistent/x.mtx'));
  t.true(isRivuletError(missing, 'io'));
});
