import { isRivuletError, type TokenizedDocument } from '@rivulet/core';
import test from 'ava';
import { firstValueFrom, from, map, type Observable, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { fitVectorizer } from '../fitVectorizer.js';
import { frozenVocabularyVectorize } from './index.js';

const docs: TokenizedDocument[] = [
  { id: 'a', tokens: ['red', 'fox'] },
  { id: 'b', tokens: ['red', 'dog'] },
  { id: 'c', tokens: ['blue', 'fox', 'cat'] },
  { id: 'd', tokens: ['red', 'red', 'bird'] },
  { id: 'e', tokens: ['dog'] },
];
const run = (source: Observable<TokenizedDocument | readonly TokenizedDocument[]>, options: object) =>
  // biome-ignore lint/suspicious/noExplicitAny: some cases are a JavaScript caller's mistakes
  firstValueFrom(source.pipe(frozenVocabularyVectorize(options as any), toArray()));

test('learns vocabulary and idf from the warm-up window, then transforms every document with them', async (t) => {
  const out = await run(from(docs), { warmupDocuments: 2, batchSize: 2 });
  const reference = fitVectorizer(docs.slice(0, 2)).transform(docs);
  t.deepEqual(
    out.map((m) => m.ids),
    [['a', 'b'], ['c', 'd'], ['e']],
  );
  t.deepEqual(out[0].vocabulary, ['dog', 'fox', 'red']);
  for (const m of out) t.is(m.vocabulary, out[0].vocabulary, 'one frozen vocabulary for all batches');
  const rows = out.flatMap((m) => m.matrix.toDense().toArrays());
  t.deepEqual(rows, reference.matrix.toDense().toArrays());
  t.deepEqual(out[1].matrix.toDense().toArrays()[0].map(Boolean), [false, true, false], "c keeps only 'fox'");
});

test('arrays stay one matrix each; a stream shorter than the window is fitted on what arrived', async (t) => {
  const out = await run(from([docs.slice(0, 3), docs.slice(3)]), { warmupDocuments: 3, weighting: 'count' });
  t.deepEqual(
    out.map((m) => m.ids),
    [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ],
  );
  const short = await run(from(docs.slice(0, 2)), { warmupDocuments: 10 });
  t.deepEqual(short[0].vocabulary, ['dog', 'fox', 'red']);
  t.deepEqual(await run(from([]), { warmupDocuments: 2 }), []);
});

test('bad options are errors on the error channel', async (t) => {
  const e1 = await t.throwsAsync(run(from(docs), { warmupDocuments: 0 }));
  t.true(isRivuletError(e1, 'invalid-option'));
  t.is(e1?.message, 'frozenVocabularyVectorize: warmupDocuments must be an integer ≥ 1, got 0');
  const e2 = await t.throwsAsync(run(from(docs), { warmupDocuments: 2, weighting: 'bm25' }));
  t.true(isRivuletError(e2, 'invalid-option'));
  t.notThrows(() => frozenVocabularyVectorize({ warmupDocuments: -1 }));
});

test('marbles: held during warm-up, then batches in order; errors pass through; unsubscription stops it', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const values = { a: docs[0], b: docs[1], c: docs[2] };
    const ids = map((m: { ids: readonly string[] }) => m.ids.join());
    const source = cold('-a-b-----c-|', values);
    const out = source.pipe(frozenVocabularyVectorize({ warmupDocuments: 2, batchSize: 1 }), ids);
    expectObservable(out).toBe('---(xy)--z-|', { x: 'a', y: 'b', z: 'c' });
    expectObservable(out, '^----!').toBe('---(xy)', { x: 'a', y: 'b' });
    const failing = cold('-a-#', values, new Error('upstream'));
    expectObservable(failing.pipe(frozenVocabularyVectorize({ warmupDocuments: 5 }), ids)).toBe(
      '---#',
      undefined,
      new Error('upstream'),
    );
    expectSubscriptions(source.subscriptions).toBe(['^----------!', '^----!']);
  });
});
