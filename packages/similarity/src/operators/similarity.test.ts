import { isRivuletError, type ResultEvent, RivuletError, type SimilarityIndex } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { EMPTY, firstValueFrom, from, lastValueFrom, map, of, Subject, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { similarity } from '../index.js';

const W = DenseMatrix.fromRows([
  [1, 0],
  [0.9, 0.1],
  [0, 1],
]);
const result: ResultEvent = {
  type: 'result',
  W,
  H: DenseMatrix.fromRows([[1, 1]]),
  loss: 0,
  epochs: 1,
  converged: true,
  stopped: false,
};

test('a result event is indexed by its W rows, a dense matrix by its rows, one index per input', async (t) => {
  const indexes = await lastValueFrom(of(result, W).pipe(similarity({ ids: ['a', 'b', 'c'] }), toArray()));
  t.is(indexes.length, 2);
  for (const index of indexes) {
    t.is(index.size, 3);
    t.like(index.topK(0, 1)[0], { index: 1, id: 'b' });
  }
});

test('anything else errors the stream with invalid-input naming what came', async (t) => {
  const epoch = await t.throwsAsync(
    // biome-ignore lint/suspicious/noExplicitAny: an epoch event that should have been filtered out
    lastValueFrom(of({ type: 'epoch', epoch: 1 } as any).pipe(similarity())),
  );
  t.true(isRivuletError(epoch, 'invalid-input'));
  t.is(
    epoch?.message,
    `similarity: input must be a result event (its W is indexed) or a DenseMatrix, got a "epoch" event; keep only results with filter(isEvent('result'))`,
  );
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const arrays = await t.throwsAsync(lastValueFrom(of([[1, 2]] as any).pipe(similarity())));
  t.is(
    arrays?.message,
    'similarity: input must be a result event (its W is indexed) or a DenseMatrix, got an array of length 1',
  );
  const ids = await t.throwsAsync(lastValueFrom(of(W).pipe(similarity({ ids: ['a'] }))));
  t.is(ids?.message, 'similarity: ids must be an array of 3 strings (one per row), got an array of length 1');
});

test('bad options error on subscription, not when the operator is built, even for an empty source', async (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: a typo in an option name
  const operator = similarity({ maxbytes: 8 } as any);
  const error = await t.throwsAsync(lastValueFrom(EMPTY.pipe(operator)));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /^similarity: unknown option "maxbytes" \(did you mean "maxBytes"\?\)/);
  const bytes = await t.throwsAsync(lastValueFrom(EMPTY.pipe(similarity({ maxBytes: -1 }))));
  t.is(bytes?.message, 'similarity: maxBytes must be an integer ≥ 1, got -1');
});

test('maxBytes reaches the index: pairwise() above it is a limit error', async (t) => {
  const index = await firstValueFrom(of(W).pipe(similarity({ maxBytes: 71 })));
  t.true(
    isRivuletError(
      t.throws(() => index.pairwise()),
      'limit',
    ),
  );
});

test('an empty source completes with no index', async (t) => {
  t.deepEqual(await lastValueFrom(EMPTY.pipe(similarity(), toArray())), []);
});

test('a source error passes through unchanged', async (t) => {
  const boom = new Error('boom');
  t.is(await t.throwsAsync(lastValueFrom(throwError(() => boom).pipe(similarity()))), boom);
});

test('a synchronous source is indexed during subscribe', (t) => {
  const seen: SimilarityIndex[] = [];
  from([W, W])
    .pipe(similarity())
    .subscribe((index) => seen.push(index));
  t.is(seen.length, 2);
});

test('unsubscribing early unsubscribes from the source', (t) => {
  const subject = new Subject<DenseMatrix>();
  const seen: number[] = [];
  const subscription = subject.pipe(similarity()).subscribe((index) => seen.push(index.size));
  subject.next(W);
  subscription.unsubscribe();
  t.false(subject.observed);
  subject.next(W);
  t.deepEqual(seen, [3]);
});

test('marbles: one index per input in the same frame; errors and unsubscription propagate', (t) => {
  // A fresh scheduler per run: virtual time is not rewound between runs of one scheduler.
  const scheduler = () => new TestScheduler((actual, expected) => t.deepEqual(actual, expected));
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold<DenseMatrix>('-a--b-#', { a: W, b: DenseMatrix.fromRows([[1, 2]]) });
    const sizes = source.pipe(
      similarity(),
      map((index) => index.size),
    );
    expectObservable(sizes).toBe('-a--b-#', { a: 3, b: 1 });
    expectSubscriptions(source.subscriptions).toBe('^-----!');
  });
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold<DenseMatrix>('-a--a--a|', { a: W });
    const sizes = source.pipe(
      similarity(),
      map((index) => index.size),
    );
    expectObservable(sizes, '^----!').toBe('-a--a', { a: 3 });
    expectSubscriptions(source.subscriptions).toBe('^----!');
  });
  scheduler().run(({ cold, expectObservable }) => {
    // biome-ignore lint/suspicious/noExplicitAny: a bad input in the middle of the stream
    const source = cold<any>('-a-b-a|', { a: W, b: 'not rows' });
    const sizes = source.pipe(
      similarity(),
      map((index) => index.size),
    );
    const error = new RivuletError(
      'invalid-input',
      'similarity',
      'input must be a result event (its W is indexed) or a DenseMatrix, got "not rows"',
      { parameter: 'input' },
    );
    expectObservable(sizes).toBe('-a-#', { a: 3 }, error);
  });
  t.pass();
});
