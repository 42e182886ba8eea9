import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { loadModel } from './loadModel.js';
import { type BinaryFile, canonicalJson, checksum } from './modelFormat.js';
import { currentOrigin } from './modelOrigin.js';
import type { SavedModel } from './SavedModel.js';
import { saveModel } from './saveModel.js';

const model: SavedModel = {
  settings: {
    tokenizer: { lang: 'en', ngram: [1, 2] },
    decomposer: { name: 'nmf-cd', components: 2 },
    note: null,
  },
  vocabulary: ['apple', 'banana', 'cherry'],
  weighting: {
    kind: 'tfidf',
    idf: Float64Array.of(1.5, 2.25, -0),
    smoothIdf: true,
    sublinearTf: false,
    norm: 'l2',
  },
  H: DenseMatrix.fromRows([
    [1.5, 0, 1e-300],
    [Math.PI, 2, 3],
  ]),
  W: DenseMatrix.fromRows([
    [0.1, 0.2],
    [0.3, 0.4],
    [0.5, 0.6],
    [0.7, 0.8],
  ]),
  ids: ['d1', 'd2', 'd3', 'd4'],
};

async function fresh(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'rivulet-model-'));
  t.teardown(() => rm(base, { recursive: true, force: true }));
  return base;
}

async function editManifest(dir: string, edit: (json: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'model.json');
  const json = JSON.parse(await readFile(path, 'utf8'));
  edit(json);
  await writeFile(path, JSON.stringify(json));
}

test('a saved model loads back bit for bit, with its settings, ids and weighting', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  t.deepEqual((await readdir(dir)).sort(), ['H.f64', 'W.f64', 'idf.f64', 'model.json']);
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  t.is(manifest.formatVersion, 2);
  t.deepEqual(manifest.created, currentOrigin());
  t.is(manifest.kind, 'rivulet-model');
  t.regex(manifest.checksum, /^sha256:[0-9a-f]{64}$/);
  const loaded = await loadModel(dir);
  t.deepEqual(loaded.settings, model.settings);
  t.deepEqual(loaded.vocabulary, model.vocabulary);
  t.deepEqual(loaded.ids, model.ids);
  t.deepEqual(loaded.H, model.H);
  t.deepEqual(loaded.W, model.W);
  t.deepEqual(loaded.weighting, model.weighting);
  t.true(Object.is(loaded.weighting.idf?.[2], -0));
});

test('binary files are little-endian Float64, row-major', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  const bytes = await readFile(join(dir, 'H.f64'));
  t.is(bytes.length, 6 * 8);
  t.is(bytes.readDoubleLE(0), 1.5);
  t.is(bytes.readDoubleLE(3 * 8), Math.PI);
});

test('a model without W, ids or idf saves only H and loads without them', async (t) => {
  const dir = join(await fresh(t), 'model');
  const minimal: SavedModel = {
    settings: {},
    vocabulary: ['a', 'b'],
    weighting: { kind: 'count', norm: null },
    H: DenseMatrix.fromRows([[1, 2]]),
  };
  await saveModel(dir, minimal);
  t.deepEqual((await readdir(dir)).sort(), ['H.f64', 'model.json']);
  const loaded = await loadModel(dir);
  t.deepEqual(loaded, { ...minimal, created: currentOrigin() });
  t.false('W' in loaded);
});

test('saving over an existing model replaces it and leaves no temporary directory behind', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  const second = {
    ...model,
    H: DenseMatrix.fromRows([
      [9, 9, 9],
      [8, 8, 8],
    ]),
  };
  await saveModel(dir, second, { overwrite: true });
  t.deepEqual((await loadModel(dir)).H, second.H);
  t.deepEqual(await readdir(base), ['model']);
});

test('saveModel will not replace a file that is not a model directory', async (t) => {
  const path = join(await fresh(t), 'notes.txt');
  await writeFile(path, 'keep me');
  const error = await t.throwsAsync(saveModel(path, model));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /notes\.txt exists and is not a directory; refusing to replace it$/);
  t.is(await readFile(path, 'utf8'), 'keep me');
  t.deepEqual(await readdir(join(path, '..')), ['notes.txt']);
});

test('a missing directory or file is an io error', async (t) => {
  const base = await fresh(t);
  const missing = await t.throwsAsync(loadModel(join(base, 'nope')));
  t.true(isRivuletError(missing, 'io'));
  t.regex(missing?.message ?? '', /^loadModel: cannot read .*model\.json: it does not exist$/);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  await rm(join(dir, 'W.f64'));
  t.true(isRivuletError(await t.throwsAsync(loadModel(dir)), 'io'));
});

test('another format version is refused with a message naming the versions it reads', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await editManifest(dir, (json) => {
    json.formatVersion = 3;
  });
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.is(
    error?.message,
    'loadModel: model format version 3 is not supported; this Rivulet reads versions 1 and 2 (it writes 2)',
  );
});

test('a format-1 model (no created record) still loads; created is kept as given and checked', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  // Rewrite as Rivulet 0.1 wrote it: version 1, no `created`, its own checksum.
  const { checksum: _, created: __, ...rest } = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const v1 = { ...rest, formatVersion: 1 };
  const files = new Map<BinaryFile, Uint8Array>();
  for (const name of ['H.f64', 'W.f64', 'idf.f64'] as const) files.set(name, await readFile(join(dir, name)));
  await writeFile(
    join(dir, 'model.json'),
    JSON.stringify({ ...v1, checksum: checksum(canonicalJson(v1, 'test', 'model'), files) }),
  );
  const loaded = await loadModel(dir);
  t.false('created' in loaded);
  t.deepEqual(loaded.H, model.H);

  const elsewhere = { runtime: 'bun', runtimeVersion: '1.4.0', icu: null, rivulet: '0.1.0' };
  await saveModel(dir, { ...model, created: elsewhere }, { overwrite: true });
  t.deepEqual((await loadModel(dir)).created, elsewhere);
  const error = await t.throwsAsync(saveModel(dir, { ...model, created: { runtime: 'bun' } as never }));
  t.true(isRivuletError(error, 'invalid-input'));
  await editManifest(dir, (json) => {
    json.created = 'node';
  });
  t.regex((await t.throwsAsync(loadModel(dir)))?.message ?? '', /^loadModel: created must be \{ runtime/);
});

test('a changed binary byte or an edited setting fails the checksum', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  const path = join(dir, 'H.f64');
  const bytes = await readFile(path);
  bytes[3] ^= 1;
  await writeFile(path, bytes);
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.regex(
    error?.message ?? '',
    /^loadModel: checksum mismatch: model.json records sha256:[0-9a-f]{64} but the content hashes to sha256:/,
  );

  await saveModel(dir, model, { overwrite: true });
  await editManifest(dir, (json) => {
    (json.settings as Record<string, unknown>).note = 'edited';
  });
  t.regex((await t.throwsAsync(loadModel(dir)))?.message ?? '', /checksum mismatch/);
});

test('the checksum does not depend on key order in model.json', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await editManifest(dir, (json) => {
    const settings = json.settings as Record<string, unknown>;
    json.settings = Object.fromEntries(Object.entries(settings).reverse());
  });
  await t.notThrowsAsync(loadModel(dir));
});

test('a truncated binary file is reported as such', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await truncate(join(dir, 'idf.f64'), 20);
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.is(
    error?.message,
    'loadModel: idf.f64 holds 20 bytes but idf (3) needs 3 doubles = 24 bytes; the file is truncated or corrupt',
  );
});

test('shapes that disagree with the vocabulary are refused', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await editManifest(dir, (json) => {
    json.vocabulary = ['apple', 'banana'];
  });
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.is(error?.message, 'loadModel: H is 2 × 3 but the vocabulary has 2 terms; they must agree');
});

test('a __proto__ key is rejected and pollutes nothing', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  const path = join(dir, 'model.json');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace('"settings": {', '"settings": { "__proto__": { "polluted": true },'));
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.regex(error?.message ?? '', /"__proto__" key/);
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test('a JSON file that is not a Rivulet model says so', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await writeFile(join(dir, 'model.json'), '{ "name": "something else" }');
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.is(
    error?.message,
    'loadModel: model.json is not a Rivulet model: kind must be "rivulet-model", got undefined',
  );
});

test('malformed JSON is a model-format error', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await writeFile(join(dir, 'model.json'), '{ "formatVersion": 1,');
  const error = await t.throwsAsync(loadModel(dir));
  t.true(isRivuletError(error, 'model-format'));
  t.regex(error?.message ?? '', /^loadModel: model.json is not valid JSON/);
});

test('saveModel refuses parts that do not fit or are not JSON data, and writes nothing', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  const cases: [SavedModel, string][] = [
    [
      { ...model, vocabulary: ['a'] },
      'saveModel: H must be components × terms with terms = vocabulary length = 1, got 2 × 3',
    ],
    [
      { ...model, W: DenseMatrix.zeros(4, 3) },
      'saveModel: W must be documents × components with components = H.rows = 2, got 4 × 3',
    ],
    [{ ...model, ids: ['x'] }, 'saveModel: ids must be one id per row of W (4), got 1'],
    [
      { ...model, settings: { alpha: Number.NaN } },
      'saveModel: model.settings.alpha must be plain JSON data',
    ],
    [{ ...model, settings: { f: () => 1 } }, 'saveModel: model.settings.f must be plain JSON data'],
    [
      { ...model, settings: JSON.parse('{"__proto__": {"x": 1}}') },
      'saveModel: model.settings.__proto__ must be plain JSON data',
    ],
    [
      { ...model, weighting: { kind: 'tfidf', idf: Float64Array.of(1), norm: 'l2' } },
      'saveModel: weighting.idf must be a Float64Array of vocabulary length 3',
    ],
  ];
  for (const [bad, message] of cases) {
    const error = await t.throwsAsync(saveModel(dir, bad));
    t.true(isRivuletError(error, 'invalid-input'), message);
    t.true(error?.message.startsWith(message), `${error?.message}`);
  }
  t.deepEqual(await readdir(base), []);
});
