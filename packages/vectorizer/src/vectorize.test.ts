import {
  createContainer,
  type DocTermMatrix,
  isRivuletError,
  listPlugins,
  resolvePlugin,
  type TokenizedDocument,
  VECTORIZER,
  type VectorizerStage,
} from '@rivulet/core';
import test from 'ava';
import { firstValueFrom, from, lastValueFrom, map, Observable, of, Subject, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { fitTransform, fitVectorizer, transformWith, vectorize, vectorizerModule } from './index.js';

const docs: TokenizedDocument[] = [
  { id: 'a', tokens: ['red', 'fox', 'red'] },
  { id: 'b', tokens: ['red', 'hen'] },
  { id: 'c', tokens: ['owl'] },
];

test('fit mode emits one matrix equal to the synchronous fit, then completes', async (t) => {
  const out = await firstValueFrom(from(docs).pipe(vectorize({ weighting: 'count' }), toArray()));
  t.is(out.length, 1);
  const expected = fitTransform(docs, { weighting: 'count' });
  t.deepEqual(out[0].matrix, expected.matrix);
  t.deepEqual(out[0].vocabulary, ['fox', 'hen', 'owl', 'red']);
  t.deepEqual(out[0].ids, ['a', 'b', 'c']);
  t.deepEqual(out[0].fitted.transform(docs).matrix, expected.matrix);
});

test('waits for completion: nothing is emitted before the source completes (marbles)', (t) => {
  const scheduler = new TestScheduler((actual, expected) => t.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<TokenizedDocument>('-a-b--|', { a: docs[0], b: docs[1] });
    const nnz = source.pipe(
      vectorize({ weighting: 'count' }),
      map((m) => m.matrix.nnz),
    );
    expectObservable(nnz).toBe('------(x|)', { x: 4 });
  });
});

test('an empty source is an empty-input error', async (t) => {
  const error = await t.throwsAsync(lastValueFrom(of<TokenizedDocument>().pipe(vectorize())));
  t.true(isRivuletError(error, 'empty-input'));
  t.is(error?.message, 'vectorize: no documents to fit: the corpus is empty');
});

test('source errors propagate unchanged', async (t) => {
  const boom = new Error('disk on fire');
  const error = await t.throwsAsync(lastValueFrom(throwError(() => boom).pipe(vectorize())));
  t.is(error, boom);
});

test('bad options error the stream on subscription, never when building the operator', async (t) => {
  const operator = vectorize({ weighting: 'bm25' as 'tfidf' });
  const error = await t.throwsAsync(lastValueFrom(from(docs).pipe(operator)));
  t.true(isRivuletError(error, 'invalid-option'));
});

test('a bad document errors the stream and unsubscribes from the source', async (t) => {
  let unsubscribed = false;
  const source = new Observable<TokenizedDocument>((subscriber) => {
    subscriber.next(docs[0]);
    subscriber.next({ id: 'bad' } as TokenizedDocument);
    subscriber.next(docs[1]);
    return () => {
      unsubscribed = true;
    };
  });
  const error = await t.throwsAsync(lastValueFrom(source.pipe(vectorize())));
  t.true(isRivuletError(error, 'invalid-input'));
  t.true(unsubscribed);
});

test('unsubscribing early stops consuming the source and emits nothing', (t) => {
  const source = new Subject<TokenizedDocument>();
  const seen: unknown[] = [];
  const subscription = source
    .pipe(vectorize())
    .subscribe({ next: (m) => seen.push(m), error: (e) => seen.push(e) });
  source.next(docs[0]);
  t.true(source.observed);
  subscription.unsubscribe();
  t.false(source.observed);
  source.next(docs[1]);
  source.complete();
  t.deepEqual(seen, []);
});

test('works with a synchronous source, and each subscription fits afresh', (t) => {
  const fit$ = of(...docs).pipe(vectorize({ weighting: 'binary' }));
  const results: number[] = [];
  fit$.subscribe((m) => results.push(m.matrix.nnz));
  fit$.subscribe((m) => results.push(m.matrix.nnz));
  t.deepEqual(results, [5, 5]);
});

test('transformWith emits a matrix per batch with the fitted vocabulary, the last batch short', async (t) => {
  const fitted = fitVectorizer(docs);
  const batches = await firstValueFrom(
    from([...docs, { id: 'd', tokens: ['fox', 'cat'] }]).pipe(
      transformWith(fitted, { batchSize: 3 }),
      toArray(),
    ),
  );
  t.deepEqual(
    batches.map((b) => b.ids),
    [['a', 'b', 'c'], ['d']],
  );
  t.deepEqual(batches[0].matrix, fitted.transform(docs).matrix);
  t.is(batches[1].matrix.cols, 4);
  t.deepEqual(Array.from(batches[1].matrix.data), [1]);
  const single = await firstValueFrom(from(docs).pipe(transformWith(fitted), toArray()));
  t.deepEqual(
    single.map((m) => m.matrix.rows),
    [1, 1, 1],
  );
});

test('transformWith takes batches as they come, after any pending single documents', async (t) => {
  const fitted = fitVectorizer(docs);
  const items: (TokenizedDocument | TokenizedDocument[])[] = [
    docs[0],
    [docs[1], docs[2]],
    docs[2],
    docs[0],
    docs[1],
  ];
  const input = from(items);
  const out = await firstValueFrom(input.pipe(transformWith(fitted, { batchSize: 2 }), toArray()));
  t.deepEqual(
    out.map((m) => m.ids),
    [['a'], ['b', 'c'], ['c', 'a'], ['b']],
  );
  t.deepEqual(out[1].matrix, fitted.transform([docs[1], docs[2]]).matrix);
});

test('transformWith: bad batchSize and bad documents arrive through the error channel', async (t) => {
  const fitted = fitVectorizer(docs);
  const operator = transformWith(fitted, { batchSize: 0 });
  const error = await t.throwsAsync(lastValueFrom(from(docs).pipe(operator)));
  t.is(error?.message, 'vectorize: batchSize must be an integer ≥ 1, got 0');
  const bad = await t.throwsAsync(
    lastValueFrom(of({ id: 'x', tokens: [1] } as unknown as TokenizedDocument).pipe(transformWith(fitted))),
  );
  t.true(isRivuletError(bad, 'invalid-input'));
  t.deepEqual(await firstValueFrom(of<TokenizedDocument>().pipe(transformWith(fitted), toArray())), []);
});

test('vectorizerModule binds the vectorizer stage with its options and registers the default plugin', async (t) => {
  const container = createContainer([vectorizerModule({ weighting: 'count' })]);
  const stage = container.get(VECTORIZER);
  t.is(stage.name, 'default');
  const out = await firstValueFrom(stage.apply(from(docs)));
  t.deepEqual(Array.from(out.matrix.data), [1, 2, 1, 1, 1]);
  t.deepEqual(
    listPlugins(container, 'vectorizer').map((p) => p.name),
    ['default'],
  );
  const binary = resolvePlugin(container, 'vectorizer', 'default', { weighting: 'binary' });
  const binaryOut = await firstValueFrom(
    binary.apply(from(docs)) as Observable<{ matrix: { data: Float64Array } }>,
  );
  t.deepEqual(Array.from(binaryOut.matrix.data), [1, 1, 1, 1, 1]);
});

test('create(options) keeps the module options the call does not override (it replaced them before)', async (t) => {
  const container = createContainer([vectorizerModule({ weighting: 'count', minDf: 2 })]);
  const binary = resolvePlugin<VectorizerStage>(container, 'vectorizer', 'default', { weighting: 'binary' });
  const out = await firstValueFrom(binary.apply(from(docs)));
  t.is(out.weighting.kind, 'binary');
  t.true(
    out.vocabulary.length < (await firstValueFrom(from(docs).pipe(vectorize()))).vocabulary.length,
    'minDf 2 kept',
  );
});

test('the state capability captures, saves, loads and transforms like the fitted vectorizer', async (t) => {
  const { state, transform } = vectorizerModule.descriptor.capabilities;
  const options = { weighting: 'tfidf' as const };
  const matrix = await firstValueFrom(from(docs).pipe(vectorize(options)));
  const fitted = state!.capture(matrix, options);
  const plain = JSON.parse(JSON.stringify(state!.save(fitted)));
  const restored = state!.load(plain);
  const again = transform!(restored, docs, options) as DocTermMatrix;
  t.deepEqual(again.vocabulary, matrix.vocabulary);
  t.deepEqual(Array.from(again.matrix.data), Array.from(matrix.matrix.data));
  t.true(
    isRivuletError(
      t.throws(() => state!.load({ format: 'nope' })),
      'model-format',
    ),
  );
});

test('loading the module twice makes the later options active', async (t) => {
  const container = createContainer([
    vectorizerModule({ weighting: 'count' }),
    vectorizerModule({ weighting: 'binary' }),
  ]);
  const out = await firstValueFrom(container.get(VECTORIZER).apply(from(docs)));
  t.is(out.weighting.kind, 'binary');
});
