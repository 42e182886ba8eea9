import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeValue, isRivuletError, RivuletError, type WeightingState } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { type CheckModelOptions, checkModel } from './checkModel.js';
import { modelLocation } from './modelDirectory.js';
import { type BinaryFile, canonicalJson, checksum, decodeFloat64 } from './modelFormat.js';
import type { ModelOrigin } from './modelOrigin.js';
import { MODEL_FORMAT_VERSION, MODEL_KIND, READABLE_MODEL_FORMATS, type SavedModel } from './SavedModel.js';

const STAGE = 'loadModel';

type Json = Record<string, unknown>;

/**
 * Loads a model saved by `saveModel` from the directory `dir`, verifying it: the format version, the
 * shapes against the vocabulary, the binary file sizes and the SHA-256 checksum over everything, then its
 * contents with {@link checkModel} (distinct terms, finite values, settings within the CLI's bounds, a
 * known decomposer — `options.decomposers`, default Rivulet's own — and a vectorizer that agrees with the
 * vocabulary term for term): the checksum proves integrity, not validity. Model
 * files are data, never code: `model.json` goes through `JSON.parse` only, a `__proto__` key anywhere is
 * rejected, and binary file names are the format's fixed names, never paths taken from the file.
 *
 * @example
 * ```ts
 * import { loadModel, topTerms } from '@rivulet/decomposition';
 * const { H, vocabulary } = await loadModel('models/fortunes');
 * console.log(topTerms(H, vocabulary, 10));
 * ```
 * @throws RivuletError `io` when the directory or one of its files is missing or unreadable;
 * `model-format` for another format version (`model format version 3 is not supported; this Rivulet
 * reads versions 1 and 2 (it writes 2)`), a checksum mismatch, a truncated binary file, shapes that disagree with the
 * vocabulary, malformed JSON, or contents {@link checkModel} refuses (naming the field)
 */
export async function loadModel(
  dir: string,
  options: Pick<CheckModelOptions, 'decomposers'> = {},
): Promise<SavedModel> {
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
  // A save interrupted between its two renames left the old model beside `dir`: read that one.
  const root = await modelLocation(resolve(dir));
  const text = (await readBytes(join(root, 'model.json'))).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value) => {
      if (key === '__proto__')
        throw corrupt('model.json contains a "__proto__" key; a model file may not carry one');
      return value;
    });
  } catch (error) {
    if (isRivuletError(error)) throw error;
    throw corrupt(`model.json is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw corrupt(`model.json must hold an object, got ${describeValue(parsed)}`);
  const { checksum: recorded, ...manifest } = parsed;
  if (manifest.kind !== MODEL_KIND) {
    throw corrupt(
      `model.json is not a Rivulet model: kind must be "${MODEL_KIND}", got ${describeValue(manifest.kind)}`,
    );
  }
  if (!READABLE_MODEL_FORMATS.includes(manifest.formatVersion as number)) {
    throw corrupt(
      `model format version ${describeValue(manifest.formatVersion)} is not supported; this Rivulet reads versions ${READABLE_MODEL_FORMATS.join(' and ')} (it writes ${MODEL_FORMAT_VERSION})`,
    );
  }
  const created = manifest.formatVersion === 1 ? undefined : origin(manifest.created);
  if (typeof recorded !== 'string')
    throw corrupt(`model.json has no checksum (got ${describeValue(recorded)})`);

  const settings = manifest.settings;
  if (!isPlainObject(settings)) throw corrupt(`settings must be an object, got ${describeValue(settings)}`);
  const vocabulary = stringArray(manifest.vocabulary, 'vocabulary');
  const terms = vocabulary.length;
  const hShape = shape(manifest.H, 'H', 'H.f64');
  if (hShape.cols !== terms) {
    throw corrupt(
      `H is ${hShape.rows} × ${hShape.cols} but the vocabulary has ${terms} terms; they must agree`,
    );
  }
  const wShape = manifest.W === undefined ? undefined : shape(manifest.W, 'W', 'W.f64');
  if (wShape !== undefined && wShape.cols !== hShape.rows) {
    throw corrupt(
      `W is ${wShape.rows} × ${wShape.cols} but H has ${hShape.rows} components; they must agree`,
    );
  }
  const ids = manifest.ids === undefined ? undefined : stringArray(manifest.ids, 'ids');
  if (ids !== undefined && wShape !== undefined && ids.length !== wShape.rows) {
    throw corrupt(`ids has ${ids.length} entries but W has ${wShape.rows} rows; they must agree`);
  }
  const snippets = manifest.snippets === undefined ? undefined : stringArray(manifest.snippets, 'snippets');
  const documents = wShape?.rows ?? ids?.length;
  if (snippets !== undefined && snippets.length !== documents) {
    throw corrupt(
      `snippets has ${snippets.length} entries but the model has ${documents ?? 'no'} training documents (W rows or ids); they must agree`,
    );
  }
  const weighting = manifest.weighting;
  if (!isPlainObject(weighting))
    throw corrupt(`weighting must be an object, got ${describeValue(weighting)}`);
  const { kind, norm, smoothIdf, sublinearTf, idf } = weighting;
  if (kind !== 'binary' && kind !== 'count' && kind !== 'tfidf') {
    throw corrupt(`weighting.kind must be one of "binary", "count", "tfidf", got ${describeValue(kind)}`);
  }
  if (norm !== 'l1' && norm !== 'l2' && norm !== null) {
    throw corrupt(`weighting.norm must be one of "l1", "l2", null, got ${describeValue(norm)}`);
  }
  const smooth = optionalBoolean(smoothIdf, 'smoothIdf');
  const sublinear = optionalBoolean(sublinearTf, 'sublinearTf');
  let idfLength: number | undefined;
  if (idf !== undefined) {
    if (!isPlainObject(idf) || idf.file !== 'idf.f64' || idf.length !== terms) {
      throw corrupt(`weighting.idf must be { file: "idf.f64", length: ${terms} } (the vocabulary length)`);
    }
    idfLength = terms;
  }

  const files = new Map<BinaryFile, Uint8Array>();
  const load = async (name: BinaryFile, values: number, label: string) => {
    const bytes = await readBytes(join(root, name));
    if (bytes.length !== values * 8) {
      throw corrupt(
        `${name} holds ${bytes.length} bytes but ${label} needs ${values} doubles = ${values * 8} bytes; the file is truncated or corrupt`,
      );
    }
    files.set(name, bytes);
    return bytes;
  };
  const hBytes = await load('H.f64', hShape.rows * hShape.cols, `H (${hShape.rows} × ${hShape.cols})`);
  const wBytes =
    wShape === undefined
      ? undefined
      : await load('W.f64', wShape.rows * wShape.cols, `W (${wShape.rows} × ${wShape.cols})`);
  const idfBytes =
    idfLength === undefined ? undefined : await load('idf.f64', idfLength, `idf (${idfLength})`);

  const actual = checksum(canonicalJson(manifest, STAGE, 'model'), files);
  if (actual !== recorded) {
    throw corrupt(
      `checksum mismatch: model.json records ${recorded.length <= 80 ? recorded : describeValue(recorded)} but the content hashes to ${actual}; the model was modified or corrupted`,
    );
  }

  const state: WeightingState = {
    kind,
    norm,
    ...(smooth === undefined ? {} : { smoothIdf: smooth }),
    ...(sublinear === undefined ? {} : { sublinearTf: sublinear }),
    ...(idfBytes === undefined ? {} : { idf: decodeFloat64(idfBytes) }),
  };
  const model: SavedModel = {
    settings,
    vocabulary,
    weighting: state,
    H: new DenseMatrix(hShape.rows, hShape.cols, decodeFloat64(hBytes)),
    ...(wShape === undefined || wBytes === undefined
      ? {}
      : { W: new DenseMatrix(wShape.rows, wShape.cols, decodeFloat64(wBytes)) }),
    ...(ids === undefined ? {} : { ids }),
    ...(snippets === undefined ? {} : { snippets }),
    ...(created === undefined ? {} : { created }),
  };
  checkModel(model, { decomposers: options.decomposers, stage: STAGE });
  return model;
}

function origin(value: unknown): ModelOrigin {
  if (isPlainObject(value)) {
    const { runtime, runtimeVersion, icu, rivulet } = value;
    if (
      typeof runtime === 'string' &&
      typeof runtimeVersion === 'string' &&
      (icu === null || typeof icu === 'string') &&
      typeof rivulet === 'string'
    ) {
      return { runtime, runtimeVersion, icu, rivulet };
    }
  }
  throw corrupt(
    `created must be { runtime, runtimeVersion, icu (or null), rivulet } strings, got ${describeValue(value)}`,
  );
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    // Only regular files: a FIFO would block the read forever, a device (a link to /dev/zero) never end.
    if (!(await stat(path)).isFile()) {
      throw corrupt(`${path} is not a regular file; a model directory holds only regular files`);
    }
    return await readFile(path);
  } catch (error) {
    if (isRivuletError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new RivuletError('io', STAGE, `cannot read ${path}: ${what}`, { parameter: 'dir', cause: error });
  }
}

function shape(value: unknown, name: string, file: BinaryFile): { rows: number; cols: number } {
  if (
    !isPlainObject(value) ||
    value.file !== file ||
    !Number.isInteger(value.rows) ||
    !Number.isInteger(value.cols) ||
    (value.rows as number) < 0 ||
    (value.cols as number) < 0
  ) {
    throw corrupt(`${name} must be { file: "${file}", rows, cols } with non-negative integer sizes`);
  }
  return { rows: value.rows as number, cols: value.cols as number };
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw corrupt(`weighting.${name} must be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

function stringArray(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw corrupt(`${name} must be an array of strings, got ${describeValue(value)}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function corrupt(message: string): RivuletError {
  return new RivuletError('model-format', STAGE, message);
}
