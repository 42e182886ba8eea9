import { fitIncrementally, fitTransform } from '@rivulet/vectorizer';
import test from 'ava';

const docs = [
  { id: 'a', tokens: ['red', 'fox', 'red'] },
  { id: 'b', tokens: ['blue', 'fox'] },
  { id: 'c', tokens: ['red'] },
];

test('fitIncrementally gives fitTransform’s matrix, vocabulary, ids and weighting for the same documents', (t) => {
  for (const options of [undefined, { weighting: 'count' as const, minDf: 2 }]) {
    const fit = fitIncrementally(options);
    for (const doc of docs) fit.add(doc);
    t.is(fit.documents, 3);
    const got = fit.finish();
    const expected = fitTransform(docs, options);
    t.deepEqual(got.vocabulary, expected.vocabulary);
    t.deepEqual(got.ids, expected.ids);
    t.deepEqual(got.matrix.toDense().data, expected.matrix.toDense().data);
    t.deepEqual(got.fitted.toJSON(), expected.fitted.toJSON());
  }
});

test('fitIncrementally checks options at once, documents as they come, and refuses calls after finish', (t) => {
  t.throws(() => fitIncrementally({ minDf: -1 }), { message: /minDf/ });
  const fit = fitIncrementally();
  t.throws(() => fit.add({ id: 'x', tokens: 'not an array' as unknown as string[] }), { message: /tokens/ });
  fit.add(docs[0]);
  fit.finish();
  t.throws(() => fit.add(docs[1]), { message: /add\(\) after finish\(\)/ });
  t.throws(() => fit.finish(), { message: /finish\(\) after finish\(\)/ });
});

test('fitIncrementally with no documents is an empty-input error at finish', (t) => {
  t.throws(() => fitIncrementally().finish(), { message: /no documents/ });
});

test('counts past the counting block: a row wider than it, and many rows moved out of it, give exact counts', (t) => {
  // The counter writes the latest rows into a reused block of 65,536 entries and moves them to growing
  // buffers: a first row of 70,000 distinct terms outgrows the block, and 3,000 rows of 40 terms cross
  // the moves many times. Every row's counts must come out as a plain per-row tally gives them.
  const term = (n: number) => `t${n.toString(36)}`;
  const rows: string[][] = [Array.from({ length: 70_000 }, (_, i) => term(i)).concat([term(5), term(5)])];
  for (let r = 0; r < 3000; r++) {
    const tokens: string[] = [];
    for (let q = 0; q < 40; q++) tokens.push(term((r * 7919 + q * q * 31) % 90_000), term((r + q) % 50));
    rows.push(tokens);
  }
  const fit = fitIncrementally({ weighting: 'count', norm: null });
  rows.forEach((tokens, i) => {
    fit.add({ id: String(i), tokens });
  });
  const { matrix, vocabulary } = fit.finish();
  t.is(matrix.rows, rows.length);
  const column = new Map(vocabulary.map((v, j) => [v, j]));
  let nnz = 0;
  rows.forEach((tokens, i) => {
    const tally = new Map<number, number>();
    for (const token of tokens) {
      const j = column.get(token) as number;
      tally.set(j, (tally.get(j) ?? 0) + 1);
    }
    nnz += tally.size;
    const got = new Map<number, number>();
    for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++) got.set(matrix.indices[p], matrix.data[p]);
    if (got.size !== tally.size || [...tally].some(([j, c]) => got.get(j) !== c)) t.fail(`row ${i}`);
  });
  t.is(matrix.nnz, nnz);
  const five = column.get(term(5)) as number;
  let count = 0;
  for (let p = matrix.indptr[0]; p < matrix.indptr[1]; p++)
    if (matrix.indices[p] === five) count = matrix.data[p];
  t.is(count, 3);
});
