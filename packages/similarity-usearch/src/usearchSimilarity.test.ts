import { createContainer, isRivuletError, PLUGINS, type PluginDescriptor, SIMILARITY } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { similarityModule } from '@rivulet/similarity';
import test from 'ava';
import { lastValueFrom, of, toArray } from 'rxjs';
import { usearchSimilarity, usearchSimilarityModule } from './index.js';

const W = DenseMatrix.fromRows([
  [1, 0],
  [0.9, 0.1],
  [0, 1],
]);

test('usearchSimilarity indexes each matrix or result W approximately, with ids', async (t) => {
  const [index] = await lastValueFrom(of(W).pipe(usearchSimilarity({ ids: ['a', 'b', 'c'] }), toArray()));
  t.is(index.size, 3);
  t.like(index.query([1, 0.05], 1), [{ index: 0, id: 'a' }]);
  t.true('settings' in index);
});

test('bad options error the stream on subscription; a bad module option throws when the module is made', async (t) => {
  const error = await lastValueFrom(of(W).pipe(usearchSimilarity({ connectivity: 0 })))
    .then(() => undefined)
    .catch((e: unknown) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.is((error as Error).message, 'usearchSimilarity: connectivity must be an integer in [2, 1024], got 0');
  t.true(
    isRivuletError(
      t.throws(() => usearchSimilarityModule({ treads: 2 } as never)),
      'invalid-option',
    ),
  );
});

test('the plugin module: registered as usearch (role similarity), and loaded last it replaces the exact stage', async (t) => {
  const container = createContainer([similarityModule(), usearchSimilarityModule({ ids: ['a', 'b', 'c'] })]);
  const stage = container.get(SIMILARITY);
  t.is(stage.name, 'usearch');
  const [index] = await lastValueFrom(stage.apply(of(W)).pipe(toArray()));
  t.deepEqual(
    index.topK(0, 2).map((n) => n.id),
    ['b', 'c'],
  );
  const plugins = container.getAll(PLUGINS) as PluginDescriptor[];
  const usearch = plugins.find((p) => p.role === 'similarity' && p.name === 'usearch');
  if (usearch === undefined) return t.fail('no usearch plugin registered');
  t.is((usearch.create({ expansionSearch: 256 }) as { name: string }).name, 'usearch');
});
