import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { loadModel } from './loadModel.js';
import { BINARY_FILES, type BinaryFile, canonicalJson, checksum } from './modelFormat.js';
import type { SavedModel } from './SavedModel.js';
import { checkModelTarget, saveModel } from './saveModel.js';

const model: SavedModel = {
  settings: { decomposer: 'nmf-cd' },
  vocabulary: ['apple', 'banana', 'cherry'],
  weighting: { kind: 'count', norm: null },
  H: DenseMatrix.fromRows([
    [1, 0, 2],
    [0, 3, 1],
  ]),
};
const other: SavedModel = { ...model, H: DenseMatrix.fromRows([[9, 9, 9]]) };

async function fresh(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'rivulet-save-'));
  t.teardown(() => rm(base, { recursive: true, force: true }));
  return base;
}

/** Every file under `dir` with its content, to prove nothing changed. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out[join(entry.parentPath, entry.name)] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

test('a directory that is not a model is refused and left exactly as it was, even with overwrite', async (t) => {
  const thesis = join(await fresh(t), 'thesis');
  await mkdir(join(thesis, '.git'), { recursive: true });
  await writeFile(join(thesis, 'chapter1.tex'), 'years of work');
  await writeFile(join(thesis, '.git', 'HEAD'), 'ref: refs/heads/main');
  const before = await snapshot(thesis);
  for (const options of [undefined, { overwrite: true }]) {
    const error = await t.throwsAsync(saveModel(thesis, model, options));
    t.true(isRivuletError(error, 'invalid-option'));
    t.regex(
      error?.message ?? '',
      /^saveModel: .*thesis is not empty and is not a model Rivulet wrote; refusing/,
    );
    t.deepEqual(await snapshot(thesis), before);
  }
  t.deepEqual(await readdir(join(thesis, '..')), ['thesis']);
});

test('a model directory with a stranger file in it is not a model Rivulet wrote', async (t) => {
  const dir = join(await fresh(t), 'model');
  await saveModel(dir, model);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  const error = await t.throwsAsync(saveModel(dir, other, { overwrite: true }));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine');
  t.deepEqual((await loadModel(dir)).H, model.H);
});

test('an existing model is replaced only with overwrite: true', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  const error = await t.throwsAsync(saveModel(dir, other));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /model already holds a Rivulet model; pass overwrite: true to replace it$/);
  t.deepEqual((await loadModel(dir)).H, model.H);
  await t.throwsAsync(checkModelTarget(dir), { message: /already holds a Rivulet model/ });
  await t.notThrowsAsync(checkModelTarget(dir, { overwrite: true }));
  await saveModel(dir, other, { overwrite: true });
  t.deepEqual((await loadModel(dir)).H, other.H);
  t.deepEqual(await readdir(base), ['model']);
});

test('an empty directory is filled; a missing one is made', async (t) => {
  const base = await fresh(t);
  await mkdir(join(base, 'empty'));
  await saveModel(join(base, 'empty'), model);
  await saveModel(join(base, 'new'), model);
  t.deepEqual((await loadModel(join(base, 'empty'))).H, model.H);
  t.deepEqual((await loadModel(join(base, 'new'))).H, model.H);
  t.deepEqual((await readdir(base)).sort(), ['empty', 'new']);
});

test('a directory of models (one per k) is a model Rivulet wrote and may be replaced with overwrite', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'models');
  await mkdir(dir);
  await saveModel(join(dir, 'k2'), model);
  await saveModel(join(dir, 'k1'), other);
  await t.throwsAsync(saveModel(dir, model), { message: /already holds a Rivulet model/ });
  await saveModel(dir, model, { overwrite: true });
  t.deepEqual((await readdir(dir)).sort(), ['H.f64', 'model.json']);
  t.deepEqual(await readdir(base), ['models']);
});

test('the parent must exist: no directories are made above dir, and /proc fails at once', async (t) => {
  const base = await fresh(t);
  const missing = await t.throwsAsync(saveModel(join(base, 'a', 'b', 'model'), model));
  t.true(isRivuletError(missing, 'io'));
  t.regex(
    missing?.message ?? '',
    /^saveModel: the parent directory .*a[/\\]b of .* does not exist; saving does not create it$/,
  );
  t.deepEqual(await readdir(base), []);

  await writeFile(join(base, 'package.json'), '{}');
  const file = await t.throwsAsync(saveModel(join(base, 'package.json', 'model'), model));
  t.true(isRivuletError(file, 'io'));
  t.regex(file?.message ?? '', /package\.json of .* (has a file in its path|is not a directory)/);

  const proc = await t.throwsAsync(saveModel('/proc/nope/model', model));
  t.true(isRivuletError(proc, 'io'));
  t.regex(
    proc?.message ?? '',
    /^saveModel: the parent directory \/proc\/nope of \/proc\/nope\/model does not exist/,
  );
});

test('a symbolic link at dir is refused, whatever it points to', async (t) => {
  const base = await fresh(t);
  await saveModel(join(base, 'real'), model);
  await symlink(join(base, 'real'), join(base, 'link'));
  const error = await t.throwsAsync(saveModel(join(base, 'link'), other, { overwrite: true }));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /link is a symbolic link; name the directory itself$/);
  t.deepEqual((await loadModel(join(base, 'real'))).H, model.H);
});

test('a crash between the two renames is recovered: the old model comes back before anything else', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  // What a save killed after `rename(dir, old)` leaves: no dir, the old model aside, a half-written temp.
  const { rename } = await import('node:fs/promises');
  await rename(dir, join(base, '.model.old-999999999-0123456789ab'));
  await mkdir(join(base, '.model.tmp-999999999-0123456789ab'));
  await writeFile(join(base, '.model.tmp-999999999-0123456789ab', 'H.f64'), 'partial');
  await t.throwsAsync(checkModelTarget(dir), { message: /already holds a Rivulet model/ });
  await t.throwsAsync(saveModel(dir, other), { message: /already holds a Rivulet model/ });
  t.deepEqual((await loadModel(dir)).H, model.H);
  t.deepEqual(await readdir(base), ['model']);
});

test('leftovers of crashed saves do not pile up, and only Rivulet files are removed from them', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  const stray = join(base, '.model.old-999999998-0123456789ab');
  await mkdir(stray);
  await writeFile(join(stray, 'H.f64'), 'x');
  await writeFile(join(stray, 'keep.txt'), 'not ours');
  await mkdir(join(base, '.model.tmp-999999997-0123456789ab'));
  await saveModel(dir, other, { overwrite: true });
  t.deepEqual((await readdir(base)).sort(), ['.model.old-999999998-0123456789ab', 'model']);
  t.deepEqual(await readdir(stray), ['keep.txt']);
});

test('two concurrent saves of one directory: one wins, the other gets a clear io error', async (t) => {
  const base = await fresh(t);
  const dir = join(base, 'model');
  await saveModel(dir, model);
  const results = await Promise.allSettled([
    saveModel(dir, other, { overwrite: true }),
    saveModel(dir, model, { overwrite: true }),
    saveModel(dir, other, { overwrite: true }),
  ]);
  const failures = results.filter((r) => r.status === 'rejected');
  t.true(failures.length < results.length);
  for (const failure of failures) {
    const reason = (failure as PromiseRejectedResult).reason;
    t.true(isRivuletError(reason, 'io'), String(reason));
    t.regex(
      reason.message,
      /^saveModel: another save is writing .*model \(process \d+ holds .*\.model\.rivulet-lock\); try again/,
    );
  }
  await t.notThrowsAsync(loadModel(dir));
  t.deepEqual(await readdir(base), ['model']);
});

test('a lock left by a process that has ended is taken over', async (t) => {
  const base = await fresh(t);
  await writeFile(join(base, '.model.rivulet-lock'), '999999999');
  await saveModel(join(base, 'model'), model);
  t.deepEqual(await readdir(base), ['model']);
});

test('overwrite must be a boolean', async (t) => {
  const dir = join(await fresh(t), 'model');
  const error = await t.throwsAsync(saveModel(dir, model, { overwrite: 'yes' as unknown as boolean }));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error?.message, 'saveModel: overwrite must be a boolean, got "yes"');
});

test('snippets, one per training document, are saved and loaded; a wrong count is refused both ways', async (t) => {
  const base = await fresh(t);
  const W = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const ids = ['a', 'b', 'c'];
  const snippets = ['first text', '第二', ''];
  await saveModel(join(base, 'm'), { ...model, W, ids, snippets });
  t.deepEqual((await loadModel(join(base, 'm'))).snippets, snippets);
  await saveModel(join(base, 'plain'), { ...model, W, ids });
  t.is(
    (await loadModel(join(base, 'plain'))).snippets,
    undefined,
    'a model without snippets loads as before',
  );
  const short = await t.throwsAsync(saveModel(join(base, 'bad'), { ...model, W, ids, snippets: ['one'] }));
  t.true(isRivuletError(short, 'invalid-input'));
  t.regex(short?.message ?? '', /snippets must be one per training document \(3\), got 1/);
  const notText = await t.throwsAsync(
    saveModel(join(base, 'bad'), { ...model, W, ids, snippets: [1, 2, 3] as unknown as string[] }),
  );
  t.regex(notText?.message ?? '', /snippets must be an array of strings/);
  // A model.json whose snippets disagree with W, its checksum recomputed, is refused on load.
  const path = join(base, 'm', 'model.json');
  const { checksum: _, ...manifest } = JSON.parse(await readFile(path, 'utf8'));
  manifest.snippets = ['only one'];
  const files = new Map<BinaryFile, Uint8Array>();
  for (const name of BINARY_FILES) {
    const bytes = await readFile(join(base, 'm', name)).catch(() => undefined);
    if (bytes) files.set(name, bytes);
  }
  const sum = checksum(canonicalJson(manifest, 'test', 'model'), files);
  await writeFile(path, JSON.stringify({ ...manifest, checksum: sum }));
  const damaged = await t.throwsAsync(loadModel(join(base, 'm')));
  t.true(isRivuletError(damaged, 'model-format'), String(damaged));
  t.regex(damaged?.message ?? '', /snippets has 1 entries but the model has 3 training documents/);
});
