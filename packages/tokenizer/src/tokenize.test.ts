import { type Document, isRivuletError, type RivuletError, type TokenizedDocument } from '@rivulet/core';
import test from 'ava';
import fc from 'fast-check';
import { catchError, EMPTY, from, Observable, of, Subject, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createTokenizer, tokenize } from './index.js';

function collect(source: Observable<Document>, options?: Parameters<typeof tokenize>[0]) {
  return new Promise<TokenizedDocument[]>((resolve, reject) =>
    source.pipe(tokenize(options), toArray()).subscribe({ next: resolve, error: reject }),
  );
}

function marbles(run: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0]) => void) {
  new TestScheduler((actual, expected) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(`${JSON.stringify(actual)}\n!==\n${JSON.stringify(expected)}`);
    }
  }).run(run);
}

test('an empty source completes with nothing', async (t) => {
  t.deepEqual(await collect(EMPTY), []);
});

test('a synchronous source: one document out per document in, in order', async (t) => {
  const docs = [
    { id: 'a', text: 'Hello world' },
    { id: 'b', tokens: ['Pre', 'Tokenized'] },
    { id: 'c', text: '' },
    { id: 'd', text: '微信支付' },
  ];
  t.deepEqual(await collect(from(docs)), [
    { id: 'a', tokens: ['hello', 'world'] },
    { id: 'b', tokens: ['pre', 'tokenized'] },
    { id: 'c', tokens: [] },
    { id: 'd', tokens: ['微', '信', '支付'] },
  ]);
});

test('marbles: each document is tokenized as it arrives; completion passes through', (t) => {
  marbles(({ cold, expectObservable }) => {
    const source = cold<Document>('-a--b-|', {
      a: { id: '1', text: 'Alpha beta' },
      b: { id: '2', text: '稳定的接口' },
    });
    expectObservable(source.pipe(tokenize())).toBe('-x--y-|', {
      x: { id: '1', tokens: ['alpha', 'beta'] },
      y: { id: '2', tokens: ['稳定', '的', '接口'] },
    });
  });
  t.pass();
});

test('marbles: an error in the source propagates after the documents before it', (t) => {
  marbles(({ cold, expectObservable }) => {
    const source = cold<Document>('-a-#', { a: { id: '1', text: 'x yy' } }, new Error('disk'));
    expectObservable(source.pipe(tokenize())).toBe(
      '-x-#',
      { x: { id: '1', tokens: ['yy'] } },
      new Error('disk'),
    );
  });
  t.pass();
});

test('marbles: unsubscribing early unsubscribes from the source', (t) => {
  marbles(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold<Document>('-a-a-a-a|', { a: { id: '1', text: 'ab' } });
    expectObservable(source.pipe(tokenize()), '^----!').toBe('-x-x-', { x: { id: '1', tokens: ['ab'] } });
    expectSubscriptions(source.subscriptions).toBe('^----!');
  });
  t.pass();
});

test('marbles: a bad document errors the stream at that document with invalid-input', (t) => {
  marbles(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold<Document>('-a-b-a|', {
      a: { id: '1', text: 'ab' },
      b: { id: '2' } as unknown as Document,
    });
    const reported = source.pipe(
      tokenize(),
      catchError((e: RivuletError) => of({ id: 'error', tokens: [e.kind, e.message] })),
    );
    expectObservable(reported).toBe('-x-(y|)', {
      x: { id: '1', tokens: ['ab'] },
      y: {
        id: 'error',
        tokens: [
          'invalid-input',
          'tokenize: document 1 (id "2") needs a string text or an array tokens, got text undefined and tokens undefined',
        ],
      },
    });
    expectSubscriptions(source.subscriptions).toBe('^--!');
  });
  t.pass();
});

test('an error in the source propagates', async (t) => {
  const error = await t.throwsAsync(collect(throwError(() => new Error('boom'))));
  t.is(error?.message, 'boom');
});

test('early unsubscribe stops tokenizing', (t) => {
  const subject = new Subject<Document>();
  const seen: string[] = [];
  const subscription = subject.pipe(tokenize()).subscribe((doc) => seen.push(doc.id));
  subject.next({ id: 'a', text: 'one' });
  subscription.unsubscribe();
  subject.next({ id: 'b', text: 'two' });
  t.deepEqual(seen, ['a']);
  t.false(subject.observed);
});

test('a document without text or tokens errors the stream with invalid-input naming it', async (t) => {
  const docs = [
    { id: 'ok', text: 'fine' },
    { id: 'bad', txt: 'typo' },
  ] as unknown as Document[];
  const error = await t.throwsAsync(collect(from(docs)));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(
    error?.message,
    'tokenize: document 1 (id "bad") needs a string text or an array tokens, got text undefined and tokens undefined',
  );
});

test('a non-string id, a non-object document or a non-string token is invalid-input', async (t) => {
  const cases: [unknown, string][] = [
    [{ id: 7, text: 'x' }, 'tokenize: document 0: id must be a string, got 7'],
    [null, 'tokenize: document 0 must be an object { id, text } or { id, tokens }, got null'],
    ['text', 'tokenize: document 0 must be an object { id, text } or { id, tokens }, got "text"'],
    [{ id: 'p', tokens: ['a', 3] }, 'tokenize: document 0 (id "p"): tokens[1] must be a string, got 3'],
  ];
  for (const [doc, message] of cases) {
    const error = await t.throwsAsync(collect(of(doc as Document)));
    t.true(isRivuletError(error, 'invalid-input'));
    t.is(error?.message, message);
  }
});

test('bad options error the stream when subscribed, never the operator factory', async (t) => {
  const operator = tokenize({ lang: 'fr' as 'en' });
  let subscribed = false;
  const source = new Observable<Document>(() => {
    subscribed = true;
  });
  const error = await t.throwsAsync(collect(source.pipe(operator as never)));
  t.true(isRivuletError(error, 'invalid-option'));
  t.false(subscribed);
  t.is(error?.message, 'tokenize: lang must be one of "auto", "en", "zh", got "fr"');
});

test('property: pre-tokenized documents get lower-casing, stop words and n-grams, not re-tokenization', async (t) => {
  const token = fc.oneof(fc.constantFrom('The', 'of', 'Cat', '微信', 'a b', '', 'ÉTÉ'), fc.string());
  await fc.assert(
    fc.asyncProperty(
      fc.array(token, { maxLength: 12 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 2 }),
      async (tokens, lowercase, min, extra) => {
        const ngram: [number, number] = [min, min + extra];
        const stopWords = ['the', 'of'];
        const [out] = await collect(of({ id: 'x', tokens }), { lowercase, stopWords, ngram });
        const kept = tokens
          .map((w) => (lowercase ? w.toLowerCase() : w))
          .filter((w) => !stopWords.includes(w));
        const expected: string[] = [];
        for (let n = ngram[0]; n <= ngram[1]; n++) {
          for (let i = 0; i + n <= kept.length; i++) expected.push(kept.slice(i, i + n).join(' '));
        }
        t.deepEqual(out, { id: 'x', tokens: expected });
      },
    ),
    { numRuns: 300 },
  );
});

test('the stream and the sync tokenizer agree', async (t) => {
  const texts = ['Hello, world!', '在 Debian 这种规模的项目中', "it's 2024"];
  const options = { stopWords: 'en', ngram: [1, 2] } as const;
  const out = await collect(from(texts.map((text, i) => ({ id: String(i), text }))), options);
  const sync = createTokenizer(options);
  t.deepEqual(
    out.map((d) => d.tokens),
    texts.map(sync),
  );
});
