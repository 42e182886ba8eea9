import {
  createContainer,
  isContainerModule,
  isRivuletError,
  listPlugins,
  resolvePlugin,
  SIMILARITY,
  type SimilarityStage,
} from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { firstValueFrom, of } from 'rxjs';
import { Similarity, similarityModule } from './index.js';

const W = DenseMatrix.fromRows([
  [1, 0],
  [0, 1],
]);

test('the module binds the cosine stage as SIMILARITY with its options and registers the plugin', async (t) => {
  const container = createContainer([similarityModule({ maxBytes: 8 })]);
  const stage = container.get(SIMILARITY);
  t.is(stage.name, 'cosine');
  const index = await firstValueFrom(stage.apply(of(W)));
  t.is(index.size, 2);
  t.true(
    isRivuletError(
      t.throws(() => index.pairwise()),
      'limit',
    ),
  );
  t.deepEqual(
    listPlugins(container, 'similarity').map((p) => [p.name, p.role]),
    [['cosine', 'similarity']],
  );
});

test('resolvePlugin builds the stage with the module options, overridden key by key by its own', async (t) => {
  const container = createContainer([similarityModule({ maxBytes: 8, ids: ['a', 'b'] })]);
  const kept = await firstValueFrom(
    resolvePlugin<SimilarityStage>(container, 'similarity', 'cosine', {}).apply(of(W)),
  );
  t.true(
    isRivuletError(
      t.throws(() => kept.pairwise()),
      'limit',
    ),
    'maxBytes 8 kept (it was dropped before)',
  );
  const stage = resolvePlugin<SimilarityStage>(container, 'similarity', 'cosine', { maxBytes: 1024 });
  const index = await firstValueFrom(stage.apply(of(W)));
  t.is(index.pairwise().rows, 2);
  t.is(index.topK(0, 1)[0].id, 'b', 'ids from the module');
});

test('the module loaded last wins: loading it twice rebinds stage and options', async (t) => {
  const container = createContainer([similarityModule({ maxBytes: 8 }), similarityModule()]);
  const index = await firstValueFrom(container.get(SIMILARITY).apply(of(W)));
  t.is(index.pairwise().rows, 2);
});

test('the stage class works without a container and without options', async (t) => {
  const index = await firstValueFrom(new Similarity().apply(of(W)));
  t.is(index.cosine(0, 1), 0);
});

test('a bad option is an invalid-option error when the module is created', (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: a typo in an option name
  const error = t.throws(() => similarityModule({ id: ['a'] } as any));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /^similarityModule: unknown option "id" \(did you mean "ids"\?\)/);
  t.true(isContainerModule(similarityModule()));
});
