import { isRivuletError, RivuletError } from '@rivulet/core';
import test from 'ava';
import { EMPTY, filter, from, lastValueFrom, map, of, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  type DocumentNeighbours,
  LiveSimilarityIndex,
  nearestNeighbours,
  type RowDocument,
} from '../index.js';

const docs: Record<string, RowDocument> = {
  a: { id: 'a', row: [1, 0, 0] },
  b: { id: 'b', row: [0, 1, 0] },
  c: { id: 'c', row: [1, 0.1, 0] },
  d: { id: 'd', row: [0, 0, 1] },
};

/** Neighbour ids per document, which is what marbles compare. */
const ids = (d: DocumentNeighbours) => `${d.id}:${d.neighbours.map((n) => n.id).join(',')}`;

// A fresh scheduler per run: virtual time is not rewound between runs of one scheduler.
const scheduler = (t: { deepEqual: (a: unknown, b: unknown) => void }) =>
  new TestScheduler((actual, expected) => t.deepEqual(actual, expected));

test('marbles: each document is emitted in order, in its own frame, with its nearest earlier documents', (t) => {
  scheduler(t).run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-a-b--c-d|', docs);
    expectObservable(source.pipe(nearestNeighbours({ k: 2 }), map(ids))).toBe('-w-x--y-z|', {
      w: 'a:',
      x: 'b:a',
      y: 'c:a,b',
      z: 'd:a,b',
    });
    expectSubscriptions(source.subscriptions).toBe('^--------!');
  });
});

test('marbles: a source error and a malformed document error the stream; nothing after', (t) => {
  scheduler(t).run(({ cold, expectObservable }) => {
    const failing = cold('-a-#', docs, new Error('boom'));
    expectObservable(failing.pipe(nearestNeighbours({ k: 1 }), map(ids))).toBe(
      '-w-#',
      { w: 'a:' },
      new Error('boom'),
    );
  });
  scheduler(t).run(({ cold, expectObservable }) => {
    const source = cold('-a-x-b|', { ...docs, x: { id: 'x', row: [1, 2] } });
    const error = new RivuletError(
      'invalid-input',
      'LiveSimilarityIndex',
      'row must have 3 values (the dimension), got 2',
      { parameter: 'row' },
    );
    expectObservable(source.pipe(nearestNeighbours({ k: 1 }), map(ids))).toBe('-w-#', { w: 'a:' }, error);
  });
});

test('marbles: unsubscribing stops the source and the index grows no more', (t) => {
  const index = new LiveSimilarityIndex();
  scheduler(t).run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-a-b-c-d|', docs);
    expectObservable(source.pipe(nearestNeighbours({ k: 1, index }), map(ids)), '^----!').toBe('-w-x-', {
      w: 'a:',
      x: 'b:a',
    });
    expectSubscriptions(source.subscriptions).toBe('^----!');
  });
  t.is(index.size, 2);
});

test('near-duplicate detection: a threshold flags exactly the planted near-copies', async (t) => {
  // 40 documents on distinct random directions, then near-copies of 3 of them (small noise) and one
  // exact copy, interleaved with fresh documents.
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const d = 16;
  const stream: RowDocument[] = [];
  for (let i = 0; i < 40; i++) stream.push({ id: `doc${i}`, row: Array.from({ length: d }, next) });
  const planted: Record<string, string> = { dupA: 'doc3', dupB: 'doc17', dupC: 'doc39', copy: 'doc8' };
  for (const [id, of] of Object.entries(planted)) {
    const original = stream.find((doc) => doc.id === of)?.row as number[];
    const noise = id === 'copy' ? 0 : 0.01;
    stream.push({ id, row: original.map((v) => v + noise * (next() - 0.5)) });
    stream.push({ id: `fresh-${id}`, row: Array.from({ length: d }, () => (next() < 0.3 ? next() : 0)) });
  }
  const flagged = await lastValueFrom(
    from(stream).pipe(
      nearestNeighbours({ k: 1, threshold: 0.999 }),
      filter((doc) => doc.neighbours.length > 0),
      map((doc) => [doc.id, doc.neighbours[0].id]),
      toArray(),
    ),
  );
  t.deepEqual(Object.fromEntries(flagged), planted);
});

test('each subscription gets its own index unless one is passed; a passed index keeps growing', async (t) => {
  const operator = nearestNeighbours({ k: 3 });
  const first = await lastValueFrom(of(docs.a, docs.b).pipe(operator, toArray()));
  const second = await lastValueFrom(of(docs.c).pipe(operator, toArray()));
  t.deepEqual(first.map(ids), ['a:', 'b:a']);
  t.deepEqual(second.map(ids), ['c:']);
  const index = new LiveSimilarityIndex();
  index.add('seed', [1, 0, 0]);
  const withSeed = await lastValueFrom(of(docs.c).pipe(nearestNeighbours({ k: 1, index }), toArray()));
  t.deepEqual(withSeed.map(ids), ['c:seed']);
  t.deepEqual(
    index.query([1, 0.1, 0], 2).map((n) => n.id),
    ['c', 'seed'],
  );
});

test('an empty source completes; a synchronous source is handled during subscribe', async (t) => {
  t.deepEqual(await lastValueFrom(EMPTY.pipe(nearestNeighbours({ k: 1 }), toArray())), []);
  const seen: string[] = [];
  from([docs.a, docs.c])
    .pipe(nearestNeighbours({ k: 1 }))
    .subscribe((doc) => seen.push(ids(doc)));
  t.deepEqual(seen, ['a:', 'c:a']);
});

test('early unsubscribe from a subject stops listening to it', (t) => {
  const subject = new Subject<RowDocument>();
  const seen: string[] = [];
  const subscription = subject.pipe(nearestNeighbours({ k: 1 })).subscribe((doc) => seen.push(doc.id));
  subject.next(docs.a);
  subscription.unsubscribe();
  t.false(subject.observed);
  t.deepEqual(seen, ['a']);
});

test('bad options error on subscription, not when the operator is built', async (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: JavaScript callers' mistakes
  const run = (options: any) => lastValueFrom(EMPTY.pipe(nearestNeighbours(options)));
  const k = await t.throwsAsync(run({ k: 0 }));
  t.true(isRivuletError(k, 'invalid-option'));
  t.is(k?.message, 'nearestNeighbours: k must be an integer ≥ 1, got 0');
  t.is(
    (await t.throwsAsync(run(undefined)))?.message,
    'nearestNeighbours: k must be an integer ≥ 1, got undefined',
  );
  t.is(
    (await t.throwsAsync(run({ k: 1, threshold: -2 })))?.message,
    'nearestNeighbours: threshold must be a finite number in [-1, 1], got -2',
  );
  t.is(
    (await t.throwsAsync(run({ k: 1, index: {} })))?.message,
    'nearestNeighbours: index must be a LiveSimilarityIndex, got an object',
  );
  t.regex((await t.throwsAsync(run({ k: 1, treshold: 0.9 })))?.message ?? '', /did you mean "threshold"/);
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const doc = await t.throwsAsync(lastValueFrom(of({ row: [1] } as any).pipe(nearestNeighbours({ k: 1 }))));
  t.true(isRivuletError(doc, 'invalid-input'));
  t.is(
    doc?.message,
    'nearestNeighbours: each input must be { id: string, row: number[] }, got an object whose id is undefined',
  );
});

test('an index from another copy of the package is accepted (a brand, not instanceof); a look-alike is not', async (t) => {
  // Importing the file again under another URL loads a second copy of the class, as a second install does.
  const copy = await import(`${new URL('../LiveSimilarityIndex.js', import.meta.url).href}?copy=2`);
  const index = new copy.LiveSimilarityIndex();
  index.add('seed', [1, 0, 0]);
  t.false(index instanceof LiveSimilarityIndex);
  t.true(LiveSimilarityIndex.is(index));
  const out = await lastValueFrom(of(docs.c).pipe(nearestNeighbours({ k: 1, index }), toArray()));
  t.deepEqual(out.map(ids), ['c:seed']);
  const error = await t.throwsAsync(
    lastValueFrom(of(docs.c).pipe(nearestNeighbours({ k: 1, index: { query() {} } as never }))),
  );
  t.true(isRivuletError(error, 'invalid-option'));
});
