import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeValue, RivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { type BinaryFile, canonicalJson, checksum, encodeFloat64 } from './modelFormat.js';
import { currentOrigin, type ModelOrigin } from './modelOrigin.js';
import { MODEL_FORMAT_VERSION, MODEL_KIND, type SavedModel } from './SavedModel.js';

const STAGE = 'saveModel';

/**
 * Saves a trained model to the directory `dir`, replacing any model already there.
 *
 * Format (version 2): `model.json` holds `formatVersion`, `kind: 'rivulet-model'`, `created` (runtime,
 * its version, its ICU version and the Rivulet version: `model.created`, else this process's), the
 * settings, the vocabulary, the weighting state without its arrays, the shapes of the matrices, the ids, and a
 * `checksum`: `sha256:<hex>` over the key-sorted JSON of everything else in `model.json` followed by each
 * binary file. `H.f64`, `W.f64` (when `W` is given) and `idf.f64` (TF-IDF only) hold the values as
 * little-endian Float64, row-major. Model files are data: `loadModel` only parses JSON and numbers.
 *
 * The write is atomic: the files go to a fresh directory beside `dir`, are flushed to disk (`fsync`),
 * and the directory is renamed into place; an existing `dir` is first renamed aside and removed only
 * after the new one is in place, so a crash leaves either the old model or the new one (plus, at worst, a
 * `.<name>.old-*` directory beside it), never a half-written model.
 *
 * @example
 * ```ts
 * import { loadModel, saveModel } from '@rivulet/decomposition';
 * await saveModel('models/fortunes', { settings: { components: 3 }, vocabulary, weighting, H: result.H });
 * const model = await loadModel('models/fortunes');
 * ```
 * @throws RivuletError `invalid-input` for a model whose parts do not fit together (naming the part),
 * `io` when the directory cannot be written
 */
export async function saveModel(dir: string, model: SavedModel): Promise<void> {
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
  const { manifest, files } = encode(model);
  const canonical = canonicalJson(manifest, STAGE, 'model');
  const text = `${JSON.stringify({ ...manifest, checksum: checksum(canonical, files) }, null, 2)}\n`;

  const target = resolve(dir);
  const parent = dirname(target);
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const temp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp);
    for (const [name, bytes] of files) await writeSynced(join(temp, name), bytes);
    await writeSynced(join(temp, 'model.json'), Buffer.from(text, 'utf8'));
    await syncDirectory(temp);
    const existing = await stat(target).catch(() => undefined);
    if (existing !== undefined) {
      if (!existing.isDirectory()) {
        throw new RivuletError(
          'io',
          STAGE,
          `${target} exists and is not a directory; refusing to replace it`,
          {
            parameter: 'dir',
          },
        );
      }
      await rename(target, old);
    }
    await rename(temp, target);
    await syncDirectory(parent);
    if (existing !== undefined) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof RivuletError) throw error;
    throw new RivuletError('io', STAGE, `cannot write the model to ${target}: ${(error as Error).message}`, {
      parameter: 'dir',
      cause: error,
    });
  }
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
  const { settings, vocabulary, weighting, H, W, ids, created } = model;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw bad('settings', `a plain object, got ${describeValue(settings)}`);
  }
  if (!Array.isArray(vocabulary) || !vocabulary.every((t) => typeof t === 'string')) {
    throw bad('vocabulary', `an array of strings, got ${describeValue(vocabulary)}`);
  }
  if (!(H instanceof DenseMatrix)) throw bad('H', `a DenseMatrix, got ${describeValue(H)}`);
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
    if (!(W instanceof DenseMatrix)) throw bad('W', `a DenseMatrix, got ${describeValue(W)}`);
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
