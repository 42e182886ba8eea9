import test from 'ava';
import { injectable } from 'inversify';
import { firstValueFrom, map, type Observable, of, Subject, toArray } from 'rxjs';
import { compose } from './compose.js';
import { definePlugin } from './definePlugin.js';
import type { DocTermMatrix, Document, TokenizedDocument } from './documents.js';
import { earlyStopping } from './earlyStopping.js';
import { isEvent, type PipelineEvent, type TrainingEvent } from './events.js';
import { createContainer } from './plugins.js';
import { isRivuletError } from './RivuletError.js';
import type { Stage } from './Stage.js';
import { fakeDecomposerModule, fakeTokenizerModule, fakeVectorizerModule } from './testing/fakes.js';
import { DECOMPOSER, PIPELINE, TOKEN_FILTERS, TOKENIZER, VECTORIZER } from './tokens.js';

const docs: Document[] = [
  { id: 'a', text: 'Apple banana apple' },
  { id: 'b', text: 'banana 42 cherry' },
  { id: 'c', text: '7 8' },
];

const run = (events$: Observable<PipelineEvent>) => firstValueFrom(events$.pipe(toArray()));

test('the default pipeline is a composition: matrix, training events, result', async (t) => {
  const c = createContainer([
    fakeTokenizerModule(),
    fakeVectorizerModule(),
    fakeDecomposerModule({ epochs: 3 }),
  ]);
  const events = await run(c.get(PIPELINE).run(of(...docs)));
  t.deepEqual(
    events.map((e) => e.type),
    ['matrix', 'epoch', 'epoch', 'epoch', 'result'],
  );
  const matrix = events.find(isEvent('matrix'));
  t.deepEqual(matrix?.matrix.vocabulary, ['42', '7', '8', 'apple', 'banana', 'cherry']);
});

test('token filters bound by modules run between tokenizer and vectorizer, in load order', async (t) => {
  const seen: string[] = [];
  const dropDigits = definePlugin({
    role: 'token-filter',
    name: 'drop-digits',
    description: 'drops tokens with digits',
    options: {},
    stage: () =>
      map((d: TokenizedDocument) => {
        seen.push(`digits:${d.id}`);
        return { ...d, tokens: d.tokens.filter((w) => !/\d/.test(w)) };
      }),
  });
  const upper = definePlugin({
    role: 'token-filter',
    name: 'upper',
    description: 'upper-cases tokens',
    options: { prefix: { type: 'string', default: '', description: 'prepended to each token' } },
    stage: ({ prefix = '' }: { prefix?: string }) =>
      map((d: TokenizedDocument) => {
        seen.push(`upper:${d.id}`);
        return { ...d, tokens: d.tokens.map((w) => prefix + w.toUpperCase()) };
      }),
  });
  // The tokenizer is loaded after the filters: load order between roles does not matter.
  const c = createContainer([
    dropDigits(),
    fakeVectorizerModule(),
    upper({ prefix: '#' }),
    fakeTokenizerModule(),
    fakeDecomposerModule({ epochs: 1 }),
  ]);
  const events = await run(c.get(PIPELINE).run(of(...docs)));
  const matrix = events.find(isEvent('matrix'))?.matrix;
  t.deepEqual(matrix?.vocabulary, ['#APPLE', '#BANANA', '#CHERRY']);
  t.deepEqual(seen.slice(0, 2), ['digits:a', 'upper:a']);
  // Document c has no token left: said, not silent.
  const warning = events.find(isEvent('warning'));
  t.is(warning?.code, 'empty-documents');
  t.regex(warning?.message ?? '', /^1 of 3 documents have no term left .*"c"/);
});

test('a custom composition with a user operator, an injectable class and role tokens', async (t) => {
  @injectable()
  class Lengths implements Stage<TokenizedDocument, TokenizedDocument> {
    readonly name = 'lengths';
    readonly input = 'tokens';
    readonly output = 'tokens';
    apply = (source: Observable<TokenizedDocument>) =>
      source.pipe(map((d) => ({ ...d, tokens: d.tokens.filter((w) => w.length > 5) })));
  }
  const onlyA = map((d: TokenizedDocument) => ({ ...d, tokens: d.tokens.filter((w) => w.includes('a')) }));
  const c = createContainer([
    fakeTokenizerModule(),
    fakeVectorizerModule(),
    fakeDecomposerModule({ epochs: 1 }),
  ]);
  const pipeline = compose()
    .pipe(TOKENIZER)
    .pipe(onlyA)
    .pipe(Lengths)
    .pipe(VECTORIZER)
    .train(DECOMPOSER)
    .resolve(c);
  t.deepEqual(pipeline.stages, [
    'fake-tokenizer',
    'operator 2',
    'lengths',
    'fake-vectorizer',
    'fake-decomposer',
  ]);
  const events = await run(pipeline.run(of(...docs)));
  t.deepEqual(events.find(isEvent('matrix'))?.matrix.vocabulary, ['banana']);
});

test('a wrong order is a compile error, and a run-time error naming both stages when types are erased', (t) => {
  const typed = () =>
    // @ts-expect-error a vectorizer takes tokens, not documents
    compose().pipe(VECTORIZER);
  t.throws(typed, {
    message: 'pipeline: stage "vectorizer" (takes tokens) cannot follow stage "documents" (emits documents)',
  });
  const untyped = compose() as unknown as { pipe(step: unknown): { pipe(step: unknown): unknown } };
  const error = t.throws(() => untyped.pipe(TOKENIZER).pipe(DECOMPOSER));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(
    error?.message,
    'pipeline: stage "decomposer" (takes matrix) cannot follow stage "tokenizer" (emits tokens)',
  );
  // @ts-expect-error the training slot needs a document-term matrix
  t.throws(() => compose<TokenizedDocument>('tokens').train(DECOMPOSER), {
    message: 'pipeline: stage "decomposer" (takes matrix) cannot follow stage "tokens" (emits tokens)',
  });
  const tokens = compose<TokenizedDocument>('tokens').pipe(TOKEN_FILTERS);
  // @ts-expect-error a decomposer cannot follow token filters
  t.throws(() => tokens.pipe(DECOMPOSER));
  // Tokenized documents are documents (pre-tokenized): a tokenizer may follow, by type and at run time.
  t.notThrows(() => tokens.pipe(TOKENIZER));
});

test('resolving a role nobody bound names the role and the modules that could fill it', (t) => {
  const c = createContainer([fakeTokenizerModule(), fakeDecomposerModule({ epochs: 1 })]);
  const error = t.throws(() => c.get(PIPELINE));
  t.true(isRivuletError(error, 'unknown-plugin'));
  t.regex(
    error?.message ?? '',
    /^pipeline: no vectorizer is bound; load a module that fills the role: vectorizerModule, hashingVectorizerModule \(@rivulet\/vectorizer\)/,
  );
  t.regex(error?.message ?? '', /plugin "fake-vectorizer"/);
});

test('run(documents$, { stop }) stops training gracefully with a result; earlyStopping does it from the events', async (t) => {
  const c = createContainer([
    fakeTokenizerModule(),
    fakeVectorizerModule(),
    fakeDecomposerModule({ epochs: 50 }),
  ]);
  const pipeline = c.get(PIPELINE);
  const stop = new Subject<void>();
  const stopped = await run(
    pipeline.run(of(...docs), { stop }).pipe(
      map((e) => {
        if (e.type === 'epoch' && e.epoch === 2) stop.next();
        return e;
      }),
    ),
  );
  const result = stopped.find(isEvent('result'));
  t.is(result?.epochs, 2, 'the epoch under way when stop came finishes; no other starts');
  t.true(result?.stopped);

  // The fake's relative change at epoch e is 1/(e + 1): below 0.1 from epoch 10 on.
  const early = await run(
    pipeline.run(of(...docs), { stop: earlyStopping({ minRelativeChange: 0.1, patience: 2 }) }),
  );
  const epochs = early.filter(isEvent('epoch'));
  const last = early.find(isEvent('result'));
  t.true(last?.stopped);
  t.is(last?.epochs, epochs.length);
  t.true(epochs.at(-1)!.relativeChange < 0.1 && epochs.at(-2)!.relativeChange < 0.1);
  t.true(epochs.at(-3)!.relativeChange >= 0.1);
});

test('run(documents$, { signal }) is a hard cancel with an aborted error', async (t) => {
  const c = createContainer([
    fakeTokenizerModule(),
    fakeVectorizerModule(),
    fakeDecomposerModule({ epochs: 1e6 }),
  ]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const error = await t.throwsAsync(run(c.get(PIPELINE).run(of(...docs), { signal: controller.signal })));
  t.true(isRivuletError(error, 'aborted'));
});

test('after(stage) emits the stage output for each result as an output event', async (t) => {
  const c = createContainer([
    fakeTokenizerModule(),
    fakeVectorizerModule(),
    fakeDecomposerModule({ epochs: 1 }),
  ]);
  const rowsOfW = map((r: { W: { rows: number } }) => r.W.rows);
  const events = await run(
    compose()
      .pipe(TOKENIZER)
      .pipe(VECTORIZER)
      .train(DECOMPOSER)
      .after(rowsOfW)
      .resolve(c)
      .run(of(...docs)),
  );
  t.deepEqual(events.filter(isEvent('output')), [{ type: 'output', stage: 'operator 4', value: 3 }]);
});

// Keep the imported types used by the compile-time checks above.
export type Unused = DocTermMatrix | TrainingEvent;
