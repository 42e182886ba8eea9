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
    [
      '%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n% a comment\n',
      /announced 2 entries, found 1/,
    ],
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

test('indices and sizes are plain decimal integers: 0x2, 1e0, 2.0, +1 are refused (issue 10, item 11)', async (t) => {
  const head = '%%MatrixMarket matrix coordinate real general\n';
  const cases: [string, RegExp][] = [
    [
      `${head}2 2 1\n0x2 1 1\n`,
      /m\.mtx:3: entry \(0x2, 1\) lies outside the 2 × 2 matrix \(indices are 1-based decimal integers\)/,
    ],
    [`${head}2 2 1\n1 1e0 1\n`, /m\.mtx:3: entry \(1, 1e0\)/],
    [`${head}2 2 1\n2.0 1 1\n`, /m\.mtx:3: entry \(2\.0, 1\)/],
    [`${head}2 2 1\n+1 1 1\n`, /m\.mtx:3: entry \(\+1, 1\)/],
    [
      `${head}0x2 2 1\n1 1 1\n`,
      /m\.mtx:2: the size line must be "rows columns entries" \(three non-negative decimal integers\)/,
    ],
    [
      `${head}2 2 1e0\n1 1 1\n`,
      /m\.mtx:2: the size line must be "rows columns entries" \(three non-negative decimal integers\)/,
    ],
    [
      `${head}2 2 1\n1 1 0x10\n`,
      /m\.mtx:3: the value must be a finite number, got "0x10" \(decimal notation only\)/,
    ],
    [`${head}2 2 1\n1 1 Infinity\n`, /m\.mtx:3: the value must be a finite number, got "Infinity"/],
  ];
  for (const [content, message] of cases) {
    const error = await t.throwsAsync(readMatrixMarket(await mtx(content)));
    t.true(isRivuletError(error, 'invalid-input'), content);
    t.regex(error.message, message);
  }
  const ok = await readMatrixMarket(await mtx(`${head}2 2 2\n1 2 -1.5e-3\n2 1 .5\n`));
  t.deepEqual(ok.toDense().toArrays(), [
    [0, -0.0015],
    [0.5, 0],
  ]);
});

test('declared sizes are checked against the file and memory before anything is allocated (issue 10, item 4)', async (t) => {
  const head = '%%MatrixMarket matrix coordinate real general\n';
  // 1e12 entries cannot fit in a file of a few bytes: refused before allocating (was "Invalid typed array length").
  const entries = await t.throwsAsync(readMatrixMarket(await mtx(`${head}10 10 1000000000000\n1 1 1\n`)));
  t.true(isRivuletError(entries, 'invalid-input'));
  t.regex(
    entries.message,
    /m\.mtx:2: the size line announces 1000000000000 entries, but the \d+ bytes after it hold at most 1 /,
  );
  // Rows and columns beyond Int32 indices.
  const side = await t.throwsAsync(readMatrixMarket(await mtx(`${head}3000000000 2 1\n1 1 1\n`)));
  t.regex(side.message, /m\.mtx:2: a matrix of 3000000000 × 2 is too large/);
  // 2^31 − 1 rows and columns with 3 entries: the row pointers alone are 8.6 GB, and every command then
  // builds at least a one-topic model of it: a limit error before allocating (was 10+ GB allocated).
  const start = Date.now();
  const huge = await t.throwsAsync(
    readMatrixMarket(await mtx(`${head}2147483647 2147483647 3\n1 1 1\n2 2 1\n3 3 1\n`)),
  );
  t.true(isRivuletError(huge, 'limit'));
  t.is((huge as { parameter?: string }).parameter, 'path');
  t.regex(
    huge.message,
    /^readMatrixMarket: \S+m\.mtx:2: the declared 2147483647 × 2147483647 matrix with 3 entries, its conversion to CSR and a one-topic model of it need about \d+\.\d GB, more than the \d+\.\d GB Rivulet allows/,
  );
  t.true(Date.now() - start < 5000);
  // Entries arrive as the size line says: the arrays grow with the data, not with the header.
  const pattern = await readMatrixMarket(
    await mtx('%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 1\n2 2\n3 3\n'),
  );
  t.is(pattern.nnz, 3);
});
