import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeValue, invalidOption, isRivuletError, knownOptions, RivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import {
  isModelDirectory,
  lockTarget,
  recoverLeftovers,
  removeModelFiles,
  scratchNames,
} from './modelDirectory.js';
import { type BinaryFile, canonicalJson, checksum, encodeFloat64 } from './modelFormat.js';
import { currentOrigin, type ModelOrigin } from './modelOrigin.js';
import { MODEL_FORMAT_VERSION, MODEL_KIND, type SavedModel } from './SavedModel.js';

const STAGE = 'saveModel';

/** Options of {@link saveModel} and {@link checkModelTarget}. */
export interface SaveModelOptions {
  /** Replace a model Rivulet already wrote at `dir`. Default false: an existing model is refused. */
  readonly overwrite?: boolean;
}

/**
 * Saves a trained model to the directory `dir`.
 *
 * Format (version 2): `model.json` holds `formatVersion`, `kind: 'rivulet-model'`, `created` (runtime,
 * its version, its ICU version and the Rivulet version: `model.created`, else this process's), the
 * settings, the vocabulary, the weighting state without its arrays, the shapes of the matrices, the ids, and a
 * `checksum`: `sha256:<hex>` over the key-sorted JSON of everything else in `model.json` followed by each
 * binary file. `H.f64`, `W.f64` (when `W` is given) and `idf.f64` (TF-IDF only) hold the values as
 * little-endian Float64, row-major. Model files are data: `loadModel` only parses JSON and numbers.
 *
 * What it may replace ({@link checkModelTarget}, which callers can run before training): `dir` must not
 * exist, be an empty directory, or be a model Rivulet wrote (`model.json` of kind `rivulet-model` beside
 * only the format's files, or a directory of such models only), and replacing a model needs
 * `overwrite: true`. Anything else is refused and left untouched; the parent directory must exist (it is
 * not created). Nothing but model files is ever deleted, file by file: never a recursive removal.
 *
 * Crash safety: the files go to a fresh `.<name>.tmp-*` directory beside `dir` and are flushed to disk
 * (`fsync`) before anything at `dir` changes. A missing or empty `dir` is then replaced by one atomic
 * rename. An existing model is renamed aside to `.<name>.old-*` and the new one renamed in: between those
 * two renames (two system calls, no I/O between them) `dir` is briefly absent, and a crash exactly there
 * leaves the old model complete in `.<name>.old-*`, which the next `saveModel` of `dir` puts back before
 * anything else (POSIX has no portable atomic exchange of two non-empty directories). So a reader finds
 * the old model or the new one, never a mix or a half-written one. Saves of one `dir` are serialised by a
 * lock file `.<name>.rivulet-lock`: a concurrent save gets an `io` error instead of racing, and leftovers
 * of a crashed save are tidied by the next one.
 *
 * @example
 * ```ts
 * import { loadModel, saveModel } from '@rivulet/decomposition';
 * await saveModel('models/fortunes', { settings: { components: 3 }, vocabulary, weighting, H: result.H });
 * await saveModel('models/fortunes', retrained, { overwrite: true });
 * const model = await loadModel('models/fortunes');
 * ```
 * @throws RivuletError `invalid-input` for a model whose parts do not fit together (naming the part);
 * `invalid-option` when `dir` holds something that is not a Rivulet model, or a model without
 * `overwrite: true`; `io` when the parent is missing or not a directory, the directory cannot be written,
 * or another save of `dir` is running
 */
export async function saveModel(dir: string, model: SavedModel, options?: SaveModelOptions): Promise<void> {
  const overwrite = resolveOverwrite(options);
  checkDir(dir);
  const { manifest, files } = encode(model);
  const canonical = canonicalJson(manifest, STAGE, 'model');
  const text = `${JSON.stringify({ ...manifest, checksum: checksum(canonical, files) }, null, 2)}\n`;

  const target = resolve(dir);
  await checkParent(target);
  const unlock = await lockTarget(target, STAGE);
  const parent = dirname(target);
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const temp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  let madeTemp = false;
  try {
    await recoverLeftovers(target);
    const existing = await inspectTarget(target, overwrite);
    await mkdir(temp);
    madeTemp = true;
    for (const [name, bytes] of files) await writeSynced(join(temp, name), bytes);
    await writeSynced(join(temp, 'model.json'), Buffer.from(text, 'utf8'));
    await syncDirectory(temp);
    if (existing === 'model') await rename(target, old);
    // Over nothing or an empty directory, rename(2) replaces atomically.
    await rename(temp, target);
    madeTemp = false;
    await syncDirectory(parent);
    if (existing === 'model' && !(await removeModelFiles(old))) {
      process.emitWarning(`${STAGE}: the replaced model at ${old} held other files; it was left in place`, {
        code: 'RIVULET_MODEL_LEFTOVER',
      });
    }
  } catch (error) {
    if (madeTemp) await removeModelFiles(temp);
    if (isRivuletError(error)) throw error;
    throw new RivuletError('io', STAGE, `cannot write the model to ${target}: ${(error as Error).message}`, {
      parameter: 'dir',
      cause: error,
    });
  } finally {
    await unlock();
  }
}

/**
 * Checks, without writing anything, that {@link saveModel} could save to `dir` with these options: run
 * it before a long training so that a refusal comes first. Same rules and errors as `saveModel`.
 *
 * @example
 * ```ts
 * import { checkModelTarget } from '@rivulet/decomposition';
 * await checkModelTarget('models/fortunes', { overwrite: false });
 * ```
 */
export async function checkModelTarget(dir: string, options?: SaveModelOptions): Promise<void> {
  const overwrite = resolveOverwrite(options);
  checkDir(dir);
  const target = resolve(dir);
  await checkParent(target);
  await inspectTarget(target, overwrite, true);
}

function resolveOverwrite(options: SaveModelOptions | undefined): boolean {
  knownOptions(STAGE, options, ['overwrite']);
  const overwrite = options?.overwrite ?? false;
  if (typeof overwrite !== 'boolean') invalidOption(STAGE, 'overwrite', 'a boolean', overwrite);
  return overwrite;
}

function checkDir(dir: string): void {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `dir must be a non-empty path, got ${describeValue(dir)}`,
      {
        parameter: 'dir',
      },
    );
  }
}

/** The parent must already be a writable directory: saving never creates directories above `dir`. */
async function checkParent(target: string): Promise<void> {
  const parent = dirname(target);
  const info = await stat(parent).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const reason =
      info.code === 'ENOENT'
        ? 'does not exist'
        : info.code === 'ENOTDIR'
          ? 'has a file in its path'
          : info.message;
    throw ioProblem(`the parent directory ${parent} of ${target} ${reason}; saving does not create it`);
  }
  if (!info.isDirectory()) throw ioProblem(`the parent ${parent} of ${target} is not a directory`);
  try {
    await access(parent, constants.W_OK);
  } catch {
    throw ioProblem(`the parent directory ${parent} of ${target} is not writable`);
  }
}

/**
 * What is at `target` now: nothing, an empty directory, or a model (when `overwrite` allows replacing
 * it). Anything else is refused. `pending` adds the leftover a crashed save would restore.
 */
async function inspectTarget(
  target: string,
  overwrite: boolean,
  pending = false,
): Promise<'none' | 'empty' | 'model'> {
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined) {
    if (pending && (await hasRecoverableModel(target)) && !overwrite) throw modelExists(target);
    return 'none';
  }
  if (info.isSymbolicLink()) {
    throw refuse(`${target} is a symbolic link; name the directory itself`);
  }
  if (!info.isDirectory()) throw refuse(`${target} exists and is not a directory; refusing to replace it`);
  const entries = await readdir(target).catch((error: Error) => {
    throw ioProblem(`cannot read ${target}: ${error.message}`);
  });
  if (entries.length === 0) return 'empty';
  if (!(await isModelDirectory(target))) {
    throw refuse(
      `${target} is not empty and is not a model Rivulet wrote; refusing to replace it (save to a new or empty directory)`,
    );
  }
  if (!overwrite) throw modelExists(target);
  return 'model';
}

async function hasRecoverableModel(target: string): Promise<boolean> {
  const { prefix } = scratchNames(target);
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of entries) {
    if (name.startsWith(`${prefix}old-`) && (await isModelDirectory(join(dirname(target), name))))
      return true;
  }
  return false;
}

function modelExists(target: string): RivuletError {
  return refuse(`${target} already holds a Rivulet model; pass overwrite: true to replace it`);
}

function refuse(message: string): RivuletError {
  return new RivuletError('invalid-option', STAGE, message, { parameter: 'dir' });
}

function ioProblem(message: string): RivuletError {
  return new RivuletError('io', STAGE, message, { parameter: 'dir' });
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (the renames) to disk; some platforms cannot open a directory to sync. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Checks the parts fit together and splits them into the manifest and the binary files. */
function encode(model: SavedModel): {
  manifest: Record<string, unknown>;
  files: Map<BinaryFile, Uint8Array>;
} {
  if (model === null || typeof model !== 'object')
    throw bad('model', `an object, got ${describeValue(model)}`);
  const { settings, vocabulary, weighting, H, W, ids, snippets, created } = model;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw bad('settings', `a plain object, got ${describeValue(settings)}`);
  }
  if (!Array.isArray(vocabulary) || !vocabulary.every((t) => typeof t === 'string')) {
    throw bad('vocabulary', `an array of strings, got ${describeValue(vocabulary)}`);
  }
  if (!DenseMatrix.is(H)) throw bad('H', `a DenseMatrix, got ${describeValue(H)}`);
  if (H.cols !== vocabulary.length) {
    throw bad(
      'H',
      `components × terms with terms = vocabulary length = ${vocabulary.length}, got ${H.rows} × ${H.cols}`,
    );
  }
  const files = new Map<BinaryFile, Uint8Array>([['H.f64', encodeFloat64(H.data)]]);
  const manifest: Record<string, unknown> = {
    formatVersion: MODEL_FORMAT_VERSION,
    kind: MODEL_KIND,
    created: created === undefined ? currentOrigin() : checkOrigin(created),
    settings,
    vocabulary,
    H: { file: 'H.f64', rows: H.rows, cols: H.cols },
  };
  if (W !== undefined) {
    if (!DenseMatrix.is(W)) throw bad('W', `a DenseMatrix, got ${describeValue(W)}`);
    if (W.cols !== H.rows) {
      throw bad(
        'W',
        `documents × components with components = H.rows = ${H.rows}, got ${W.rows} × ${W.cols}`,
      );
    }
    files.set('W.f64', encodeFloat64(W.data));
    manifest.W = { file: 'W.f64', rows: W.rows, cols: W.cols };
  }
  if (ids !== undefined) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw bad('ids', `an array of strings, got ${describeValue(ids)}`);
    }
    if (W !== undefined && ids.length !== W.rows) {
      throw bad('ids', `one id per row of W (${W.rows}), got ${ids.length}`);
    }
    manifest.ids = ids;
  }
  if (snippets !== undefined) {
    if (!Array.isArray(snippets) || !snippets.every((text) => typeof text === 'string')) {
      throw bad('snippets', `an array of strings, got ${describeValue(snippets)}`);
    }
    const rows = W?.rows ?? ids?.length;
    if (rows === undefined || snippets.length !== rows) {
      throw bad(
        'snippets',
        `one per training document (${rows ?? 'W or ids are needed'}), got ${snippets.length}`,
      );
    }
    manifest.snippets = snippets;
  }
  manifest.weighting = encodeWeighting(weighting, vocabulary.length, files);
  return { manifest, files };
}

function encodeWeighting(
  weighting: SavedModel['weighting'],
  terms: number,
  files: Map<BinaryFile, Uint8Array>,
): Record<string, unknown> {
  if (weighting === null || typeof weighting !== 'object') {
    throw bad('weighting', `a WeightingState, got ${describeValue(weighting)}`);
  }
  const { kind, idf, smoothIdf, sublinearTf, norm } = weighting;
  if (kind !== 'binary' && kind !== 'count' && kind !== 'tfidf') {
    throw bad('weighting.kind', `one of "binary", "count", "tfidf", got ${describeValue(kind)}`);
  }
  if (norm !== 'l1' && norm !== 'l2' && norm !== null) {
    throw bad('weighting.norm', `one of "l1", "l2", null, got ${describeValue(norm)}`);
  }
  const out: Record<string, unknown> = { kind, norm };
  if (smoothIdf !== undefined) out.smoothIdf = smoothIdf;
  if (sublinearTf !== undefined) out.sublinearTf = sublinearTf;
  if (idf !== undefined) {
    if (!(idf instanceof Float64Array) || idf.length !== terms) {
      throw bad('weighting.idf', `a Float64Array of vocabulary length ${terms}, got ${describeValue(idf)}`);
    }
    files.set('idf.f64', encodeFloat64(idf));
    out.idf = { file: 'idf.f64', length: idf.length };
  }
  return out;
}

function checkOrigin(created: ModelOrigin): ModelOrigin {
  const { runtime, runtimeVersion, icu, rivulet } = created ?? {};
  if (
    typeof runtime !== 'string' ||
    typeof runtimeVersion !== 'string' ||
    (icu !== null && typeof icu !== 'string') ||
    typeof rivulet !== 'string'
  ) {
    throw bad(
      'created',
      `{ runtime, runtimeVersion, icu (or null), rivulet } strings, got ${describeValue(created)}`,
    );
  }
  return { runtime, runtimeVersion, icu, rivulet };
}

function bad(parameter: string, expected: string): RivuletError {
  return new RivuletError('invalid-input', STAGE, `${parameter} must be ${expected}`, {
    parameter: parameter.split('.')[0],
  });
}
