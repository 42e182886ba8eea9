import { createContainer, DECOMPOSER, isRivuletError, SCHEDULER, type TrainingEvent } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { catchError, firstValueFrom, from, map, type Observable, of, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { OnlineNmf, onlineNmf, onlineNmfModule } from './index.js';

const batch = (rows: number[][]) => CsrMatrix.fromDense(rows);
const X1 = batch([
  [1, 0, 2],
  [0, 3, 1],
]);
const X2 = batch([
  [2, 1, 0],
  [0, 1, 4],
]);
const label = (e: TrainingEvent): string =>
  e.type === 'batch'
    ? `b${e.step}`
    : e.type === 'snapshot'
      ? `s${e.step}`
      : e.type === 'result'
        ? `r${e.stopped ? ':stopped' : ''}`
        : e.type;
const labels = (events$: Observable<TrainingEvent>) =>
  events$.pipe(
    map(label),
    catchError((e: Error) => of(`E:${e.message}`)),
  );

test('marbles: steps of batchSize rows as each batch arrives, snapshots, one result at completion', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-x-----y-----|', { x: X1, y: X2 });
    const out = source.pipe(
      onlineNmf({ components: 2, batchSize: 1, snapshotEvery: 2, scheduler, sliceMs: 0 }),
    );
    expectObservable(labels(out)).toBe('-(abS)-(cdT)-(r|)', {
      a: 'b1',
      b: 'b2',
      S: 's2',
      c: 'b3',
      d: 'b4',
      T: 's4',
      r: 'r',
    });
    expectSubscriptions(source.subscriptions).toBe('^------------!');
  });
});

test('marbles: unsubscribing stops the steps and unsubscribes the source', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-x-----y-----|', { x: X1, y: X2 });
    const out = source.pipe(
      onlineNmf({ components: 2, batchSize: 1, snapshotEvery: 0, scheduler, sliceMs: 0 }),
    );
    expectObservable(labels(out), '^---!').toBe('-(ab)', { a: 'b1', b: 'b2' });
    expectSubscriptions(source.subscriptions).toBe('^---!');
  });
});

test('marbles: a bad batch and an upstream error arrive on the error channel; nothing follows', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable }) => {
    const options = { components: 2, batchSize: 2, snapshotEvery: 0, scheduler, sliceMs: 0 };
    const negative = batch([[1, -1, 0]]);
    const wide = batch([[1, 1, 1, 1]]);
    expectObservable(labels(cold('-x-y-z|', { x: X1, y: negative, z: X2 }).pipe(onlineNmf(options)))).toBe(
      '-a-(e|)',
      {
        a: 'b1',
        e: 'E:onlineNmf: values must be finite and ≥ 0, got -1 at row 0, column 1 (a hashing vectorizer needs alternateSign: false for NMF)',
      },
    );
    expectObservable(labels(cold('-x-y|', { x: X1, y: wide }).pipe(onlineNmf(options)))).toBe('-a-(e|)', {
      a: 'b1',
      e: 'E:onlineNmf: every batch must have the 3 columns of the first one, got 4 (hash or vectorize all batches alike)',
    });
    expectObservable(labels(cold('-x-#', { x: X1 }, new Error('upstream')).pipe(onlineNmf(options)))).toBe(
      '-a-(e|)',
      { a: 'b1', e: 'E:upstream' },
    );
  });
});

test('marbles: a graceful stop ends with one stopped result after the step under way', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable }) => {
    const stop = cold('-----s');
    const source = cold('-x-----y-----|', { x: X1, y: X2 });
    const out = source.pipe(
      onlineNmf({ components: 2, batchSize: 1, snapshotEvery: 0, scheduler, sliceMs: 0, stop }),
    );
    expectObservable(labels(out)).toBe('-(ab)(r|)', { a: 'b1', b: 'b2', r: 'r:stopped' });
  });
});

test('without a scheduler each batch is processed synchronously as it arrives (exact pull for sources)', (t) => {
  const subject = new Subject<CsrMatrix>();
  const seen: string[] = [];
  subject
    .pipe(onlineNmf({ components: 2, batchSize: 1, snapshotEvery: 0 }))
    .subscribe((e) => seen.push(label(e)));
  subject.next(X1);
  t.deepEqual(seen, ['b1', 'b2']);
  subject.next(X2);
  t.deepEqual(seen, ['b1', 'b2', 'b3', 'b4']);
  subject.complete();
  t.deepEqual(seen.at(-1), 'r');
});

test('the stream result holds H so far and an empty W; losses equal partialFit on the same batches', async (t) => {
  const events = await firstValueFrom(
    from([X1, X2]).pipe(onlineNmf({ components: 2, batchSize: 2, seed: 3 }), toArray()),
  );
  const model = new OnlineNmf({ components: 2, batchSize: 2, seed: 3 });
  const losses = [model.partialFit(X1), model.partialFit(X2)];
  t.deepEqual(
    events.filter((e) => e.type === 'batch').map((e) => e.loss),
    losses,
  );
  const result = events.at(-1);
  if (result?.type !== 'result') return t.fail();
  t.deepEqual([result.W.rows, result.W.cols], [0, 2]);
  t.deepEqual(Array.from(result.H.data), Array.from(model.components.data));
  t.true(result.H.data.every((v) => v >= 0));
  t.is(result.loss, losses[1]);
  t.deepEqual([result.epochs, result.converged, result.stopped], [1, false, false]);
});

test('bad options, an empty stream and a batch of the wrong kind are RivuletErrors on the error channel', async (t) => {
  const run = (source: Observable<CsrMatrix>, options: object) =>
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
    firstValueFrom(source.pipe(onlineNmf(options as any), toArray()));
  t.notThrows(() => onlineNmf({ components: 0 }));
  const e1 = await t.throwsAsync(run(of(X1), { components: 0 }));
  t.true(isRivuletError(e1, 'invalid-option'));
  t.is(e1?.message, 'onlineNmf: components must be an integer ≥ 1, got 0');
  const e2 = await t.throwsAsync(run(of(X1), { components: 2, forgetFactor: 1.5 }));
  t.is(e2?.message, 'onlineNmf: forgetFactor must be a finite number in [0, 1], got 1.5');
  const e3 = await t.throwsAsync(run(of(X1), { components: 2, batchsize: 5 }));
  t.regex(e3?.message ?? '', /unknown option "batchsize" \(did you mean "batchSize"\?\)/);
  const e4 = await t.throwsAsync(run(from([]), { components: 2 }));
  t.true(isRivuletError(e4, 'empty-input'));
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const e5 = await t.throwsAsync(run(of([[1]] as any), { components: 2 }));
  t.is(e5?.message, 'onlineNmf: a batch must be a CsrMatrix or a DocTermMatrix, got an array of length 1');
  const e6 = await t.throwsAsync(run(of(X1), { components: 2, init: { H: new DenseMatrix(3, 3) } }));
  t.is(e6?.message, 'onlineNmf: init.H must be components × terms = 2 × 3, got 3 × 3');
});

test('as a container plugin it is the active decomposer, named nmf-online', async (t) => {
  const container = createContainer([onlineNmfModule({ components: 2, batchSize: 1 })]);
  const stage = container.get(DECOMPOSER);
  t.is(stage.name, 'nmf-online');
  const vocabulary = ['a', 'b', 'c'];
  const weighting = { kind: 'count', norm: null } as const;
  const events = await firstValueFrom(
    stage.apply(of({ matrix: X1, vocabulary, ids: ['d1', 'd2'], weighting })).pipe(toArray()),
  );
  t.deepEqual(events.map(label), ['b1', 'b2', 'r']);
});

test('README snippet', (t) => {
  // Two batches of documents × terms, e.g. from hashingVectorize({ alternateSign: false }).
  const batches = [
    CsrMatrix.fromDense([
      [1, 0, 2],
      [0, 3, 1],
    ]),
    CsrMatrix.fromDense([
      [2, 1, 0],
      [0, 1, 4],
    ]),
  ];
  const model = new OnlineNmf({ components: 2, seed: 0 });
  for (const b of batches) model.partialFit(b);
  const H = model.components; // 2 × 3
  const W = model.transform(batches[0]); // 2 × 2
  t.deepEqual([H.rows, H.cols, W.rows, W.cols], [2, 3, 2, 2]);
  t.true(H.data.every((v) => v >= 0) && W.data.every((v) => v >= 0));
});

test('marbles: a container-bound SCHEDULER drives the plugin, in order', (t) => {
  const scheduler = new TestScheduler((a, b) => t.deepEqual(a, b));
  scheduler.run(({ cold, expectObservable }) => {
    const container = createContainer([
      onlineNmfModule({ components: 2, batchSize: 1, snapshotEvery: 0, sliceMs: 0 }),
    ]);
    container.bind(SCHEDULER).toConstantValue(scheduler);
    const stage = container.get(DECOMPOSER);
    const doc = (matrix: CsrMatrix) => ({
      matrix,
      vocabulary: ['a', 'b', 'c'],
      ids: ['1', '2'],
      weighting: { kind: 'count', norm: null } as const,
    });
    const source = cold('-x---y---|', { x: doc(X1), y: doc(X2) });
    expectObservable(labels(stage.apply(source))).toBe('-(ab)(cd)(r|)', {
      a: 'b1',
      b: 'b2',
      c: 'b3',
      d: 'b4',
      r: 'r',
    });
  });
});
