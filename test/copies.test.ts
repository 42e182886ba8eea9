/**
 * Two installed copies of a Rivulet package in one process (an app's and a plugin's, or a separately
 * installed CLI's) must still recognise each other's objects: errors, plugins and matrices are checked by
 * `Symbol.for` brands, never by `instanceof`. The second copy here is real: core's and linalg's compiled
 * files copied into a temporary `node_modules`, so their classes are distinct from the workspace's.
 */
import { cp, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createContainer,
  isEvent,
  isPluginFactory,
  isPluginModule,
  isRivuletError,
  listPlugins,
  PIPELINE,
  RivuletError,
  type TokenizedDocument,
} from '@rivulet/core';
import { nmfMuModule, saveModel, trainNmf, transformNmf } from '@rivulet/decomposition';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import test from 'ava';
import { lastValueFrom, map, of, toArray } from 'rxjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Core = typeof import('@rivulet/core');
type Linalg = typeof import('@rivulet/linalg');

/** A second copy of @rivulet/core and @rivulet/linalg (rxjs, inversify and reflect-metadata shared, as peers). */
async function secondCopy(t: {
  teardown(fn: () => Promise<void>): void;
}): Promise<{ core: Core; linalg: Linalg }> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-copy-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const modules = join(dir, 'node_modules');
  for (const name of ['core', 'linalg']) {
    const into = join(modules, '@rivulet', name);
    await mkdir(into, { recursive: true });
    await cp(join(root, 'packages', name, 'dist'), join(into, 'dist'), { recursive: true });
    await cp(join(root, 'packages', name, 'package.json'), join(into, 'package.json'));
  }
  for (const peer of ['rxjs', 'inversify', 'reflect-metadata']) {
    await symlink(await realpath(join(root, 'packages', 'core', 'node_modules', peer)), join(modules, peer));
  }
  const load = (name: string) =>
    import(pathToFileURL(join(modules, '@rivulet', name, 'dist', 'index.js')).href);
  return { core: await load('core'), linalg: await load('linalg') };
}

test('a RivuletError of another copy is recognised by isRivuletError', async (t) => {
  const other = await secondCopy(t);
  t.not(other.core.RivuletError, RivuletError, 'a distinct class');
  const error = new other.core.RivuletError('invalid-input', 'elsewhere', 'bad');
  t.false(error instanceof RivuletError);
  t.true(isRivuletError(error));
  t.true(isRivuletError(error, 'invalid-input'));
  t.false(isRivuletError(error, 'io'));
  t.true(other.core.isRivuletError(new RivuletError('io', 'here', 'x'), 'io'));
});

test("a plugin defined with another copy's definePlugin loads, is listed and runs in this copy's pipeline", async (t) => {
  const other = await secondCopy(t);
  const shout = other.core.definePlugin({
    role: 'token-filter',
    name: 'shout',
    description: 'upper-cases tokens',
    options: {},
    stage: () => map((d: TokenizedDocument) => ({ ...d, tokens: d.tokens.map((w) => w.toUpperCase()) })),
  });
  t.true(isPluginFactory(shout));
  t.true(isPluginModule(shout()));
  const rivulet = createContainer([
    tokenizerModule(),
    shout(),
    vectorizerModule({ weighting: 'count' }),
    nmfMuModule({ components: 1, maxEpochs: 3 }),
  ]);
  t.deepEqual(
    listPlugins(rivulet, 'token-filter').map((p) => p.name),
    ['shout'],
  );
  const events = await lastValueFrom(
    rivulet
      .get(PIPELINE)
      .run(of({ id: 'a', text: 'red fox' }, { id: 'b', text: 'red hen' }))
      .pipe(toArray()),
  );
  t.deepEqual(events.find(isEvent('matrix'))?.matrix.vocabulary, ['FOX', 'HEN', 'RED']);
  t.true(events.find(isEvent('result')) !== undefined);
});

test('DenseMatrix and CsrMatrix of another copy of linalg are accepted where matrices are checked', async (t) => {
  const other = await secondCopy(t);
  const A = other.linalg.CsrMatrix.fromDense([
    [1, 0, 2],
    [0, 3, 1],
    [2, 1, 0],
  ]);
  t.false(A instanceof CsrMatrix);
  t.true(CsrMatrix.is(A));
  const result = (await lastValueFrom(trainNmf(A, { components: 2, maxEpochs: 20 }).pipe(toArray()))).find(
    isEvent('result'),
  );
  t.truthy(result);
  const H = new other.linalg.DenseMatrix(2, 3, Float64Array.from(result!.H.data));
  t.false(H instanceof DenseMatrix);
  t.true(DenseMatrix.is(H));
  t.is(transformNmf(CsrMatrix.fromDense([[1, 0, 2]]), H).rows, 1);
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-copy-model-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await t.notThrowsAsync(
    saveModel(join(dir, 'model'), {
      settings: {},
      vocabulary: ['a', 'b', 'c'],
      weighting: { kind: 'count', norm: null },
      H,
    }),
  );
});

test('a plain object is not taken for a matrix or an error: the brand must be there', (t) => {
  t.false(DenseMatrix.is({ rows: 1, cols: 1, data: new Float64Array(1) }));
  t.false(CsrMatrix.is(null));
  t.false(isRivuletError({ name: 'RivuletError', kind: 'io', message: 'x' }));
  t.false(isPluginFactory(() => undefined));
});
