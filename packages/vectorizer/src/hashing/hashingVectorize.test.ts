import { readFileSync } from 'node:fs';
import { createContainer, isRivuletError, type TokenizedDocument, VECTORIZER } from '@rivulet/core';
import test from 'ava';
import { firstValueFrom, from, lastValueFrom, map, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  HashedVocabulary,
  type HashingVectorizerOptions,
  hashingVectorize,
  hashingVectorizerModule,
  murmurhash3,
} from './index.js';

interface Fixture {
  terms: { term: string; hash: number; index: number; value: number }[];
  documents: string[][];
  cases: {
    options: { nFeatures: number; norm: 'l1' | 'l2' | null; alternateSign: boolean; binary: boolean };
    matrix: { indptr: number[]; indices: number[]; data: number[] };
  }[];
}
const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/hashing.json', import.meta.url), 'utf8'),
);
const docs = (tokens: string[][]): TokenizedDocument[] => tokens.map((t, i) => ({ id: `d${i}`, tokens: t }));
const run = (input: TokenizedDocument[][], options: HashingVectorizerOptions) =>
  firstValueFrom(from(input).pipe(hashingVectorize(options), toArray()));

test('murmurhash3 equals scikit-learn murmurhash3_32 on ASCII, accented, Chinese and emoji terms', (t) => {
  for (const { term, hash } of fixture.terms) t.is(murmurhash3(term), hash, JSON.stringify(term));
});

test('each term lands in the bucket and with the sign scikit-learn gives it', async (t) => {
  const [m] = await run([docs(fixture.terms.map((x) => [x.term]))], { norm: null });
  fixture.terms.forEach(({ term, index, value }, i) => {
    const row = m.matrix.row(i);
    t.deepEqual([Array.from(row.indices), Array.from(row.values)], [[index], [value]], term);
  });
});

test('matrices equal scikit-learn for every norm, sign and binary setting, with and without collisions', async (t) => {
  for (const { options, matrix } of fixture.cases) {
    const [m] = await run([docs(fixture.documents)], options);
    const label = JSON.stringify(options);
    t.deepEqual(Array.from(m.matrix.indptr), matrix.indptr, label);
    t.deepEqual(Array.from(m.matrix.indices), matrix.indices, label);
    t.is(m.matrix.data.length, matrix.data.length, label);
    for (let p = 0; p < matrix.data.length; p++) {
      t.true(Math.abs(m.matrix.data[p] - matrix.data[p]) < 1e-12, `${label} @${p}`);
    }
    t.is(m.matrix.cols, options.nFeatures);
    t.deepEqual(m.ids, ['d0', 'd1', 'd2', 'd3']);
  }
});

test('single documents are gathered into batches of batchSize, the rest flushed at the end', async (t) => {
  const input = docs([['a'], ['b'], ['c'], ['d'], ['e']]);
  const out = await firstValueFrom(from(input).pipe(hashingVectorize({ batchSize: 2 }), toArray()));
  t.deepEqual(
    out.map((m) => m.ids),
    [['d0', 'd1'], ['d2', 'd3'], ['d4']],
  );
});

test('the reverse map names each bucket by its most frequent term and stays within its capacity', async (t) => {
  const vocabulary = new HashedVocabulary(3);
  const [m] = await run([docs([['cat', 'cat', 'hat', 'cat', 'bat']])], {
    nFeatures: 1,
    vocabulary,
    norm: null,
  });
  t.is(vocabulary.termOf(0), 'cat');
  t.is(m.vocabulary.length, 1);
  t.is(m.vocabulary[0], 'cat');
  const small = new HashedVocabulary(1);
  await run([docs([['x', 'y', 'z', 'w']])], { nFeatures: 1 << 20, vocabulary: small });
  t.is(small.size, 1);
  const [x] = await run([docs([['x']])], { vocabulary: small, alternateSign: false });
  const bucket = x.matrix.indices[0];
  t.deepEqual(small.vocabularyFor([bucket, 5]), ['x', '#5']);
  t.is(x.vocabulary[5], '#5');
});

test('alternateSign: false gives non-negative values fit for NMF', async (t) => {
  const [m] = await run([docs(fixture.documents)], { alternateSign: false, nFeatures: 16 });
  t.true(m.matrix.data.every((v) => v >= 0));
});

test('bad options and malformed documents arrive on the error channel naming stage and parameter', async (t) => {
  const bad = (options: unknown) =>
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
    t.throwsAsync(run([docs([['a']])], options as any));
  const e1 = await bad({ nFeatures: 0 });
  t.is(e1?.message, 'hashingVectorize: nFeatures must be an integer in [1, 2147483647], got 0');
  t.true(isRivuletError(e1, 'invalid-option'));
  const e2 = await bad({ norm: 'l3' });
  t.is(e2?.message, 'hashingVectorize: norm must be one of "l1", "l2", null, got "l3"');
  const e3 = await bad({ nFeature: 8 });
  t.regex(e3?.message ?? '', /unknown option "nFeature" \(did you mean "nFeatures"\?\)/);
  const e4 = await t.throwsAsync(
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
    run([[{ id: 'x', tokens: ['a', 3] } as any]], {}),
  );
  t.true(isRivuletError(e4, 'invalid-input'));
  t.is(e4?.message, 'hashingVectorize: document "x" has a token that is not a string: 3');
  t.notThrows(() => hashingVectorize({ nFeatures: -1 }), 'no synchronous throw from the factory');
});

test('marbles: one matrix per batch in order, a partial batch at completion, errors passed through', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable }) => {
    const d = docs([['a'], ['b'], ['c']]);
    const source = cold('-a-b-c-|', { a: d[0], b: d[1], c: d[2] });
    const ids = (m: { ids: readonly string[] }) => m.ids.join();
    const out = source.pipe(hashingVectorize({ batchSize: 2 }));
    expectObservable(out.pipe(map(ids))).toBe('---x---(y|)', { x: 'd0,d1', y: 'd2' });
    const failing = cold('-a-#', { a: d[0] }, new Error('upstream'));
    expectObservable(failing.pipe(hashingVectorize({ batchSize: 2 }))).toBe(
      '---#',
      undefined,
      new Error('upstream'),
    );
    const unsubscribed = cold('-a-b-c-|', { a: d[0], b: d[1], c: d[2] });
    expectObservable(unsubscribed.pipe(hashingVectorize({ batchSize: 1 }), map(ids)), '^---!').toBe('-x-y', {
      x: 'd0',
      y: 'd1',
    });
  });
});

test('as a container plugin it is the active vectorizer, named hashing', async (t) => {
  const container = createContainer([hashingVectorizerModule({ nFeatures: 8, alternateSign: false })]);
  const stage = container.get(VECTORIZER);
  t.is(stage.name, 'hashing');
  const out = await firstValueFrom(stage.apply(from(docs([['a'], ['b']]))).pipe(toArray()));
  t.is(out.length, 1);
  t.is(out[0].matrix.cols, 8);
});

test('an upstream error after some batches still delivers the batches before it', async (t) => {
  const subject = new Subject<TokenizedDocument>();
  const seen: string[] = [];
  const done = new Promise<unknown>((resolve) =>
    subject
      .pipe(hashingVectorize({ batchSize: 1 }))
      .subscribe({ next: (m) => seen.push(m.ids[0]), error: resolve }),
  );
  subject.next({ id: 'a', tokens: ['x'] });
  subject.error(new Error('boom'));
  t.is(((await done) as Error).message, 'boom');
  t.deepEqual(seen, ['a']);
});

test('README snippet', async (t) => {
  const vocabulary = new HashedVocabulary();
  const batches = await lastValueFrom(
    from([
      { id: 'a', tokens: ['red', 'fox', 'red'] },
      { id: 'b', tokens: ['red', 'dog'] },
    ]).pipe(
      hashingVectorize({ nFeatures: 2 ** 18, alternateSign: false, norm: null, vocabulary }),
      toArray(),
    ),
  );
  const [m] = batches; // one matrix per 1000 documents: 2 × 262144
  const row = m.matrix.row(0);
  t.deepEqual([m.matrix.rows, m.matrix.cols], [2, 262144]);
  t.deepEqual(vocabulary.vocabularyFor(row.indices), ['fox', 'red']);
  t.deepEqual(Array.from(row.values), [1, 2]);
  t.is(m.vocabulary[row.indices[1]], 'red');
});

test('a HashedVocabulary from another copy of the package is accepted (a brand, not instanceof)', async (t) => {
  // Importing the file again under another URL loads a second copy of the class, as a second install does.
  const copy = await import(`${new URL('./HashedVocabulary.js', import.meta.url).href}?copy=2`);
  const vocabulary = new copy.HashedVocabulary(3);
  t.false(vocabulary instanceof HashedVocabulary);
  t.true(HashedVocabulary.is(vocabulary));
  const [m] = await run([docs([['cat', 'hat']])], { nFeatures: 1, vocabulary, norm: null });
  t.is(m.vocabulary[0], vocabulary.termOf(0));
  t.false(HashedVocabulary.is({ capacity: 3 }));
  const error = await t.throwsAsync(run([docs([['cat']])], { vocabulary: { capacity: 3 } as never }));
  t.true(isRivuletError(error, 'invalid-option'));
});
