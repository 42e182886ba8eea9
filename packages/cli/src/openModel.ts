import { type DocTermMatrix, RivuletError, type TokenizedDocument } from '@rivulet/core';
import { loadModel, type SavedModel, transformNmf, transformSvd } from '@rivulet/decomposition';
import { DenseMatrix } from '@rivulet/linalg';
import { FittedVectorizer } from '@rivulet/vectorizer';
import { CLI } from './CliError.js';
import type { TokenizerSettings } from './topicsSettings.js';

/** A model saved by `rivulet topics --save`, checked and ready to score documents. */
export interface CliModel {
  readonly dir: string;
  readonly saved: SavedModel;
  readonly tokenizer: TokenizerSettings | null;
  readonly vectorizer: FittedVectorizer | null;
  readonly decomposer: string;
  readonly decomposerOptions: Record<string, unknown>;
}

/**
 * Loads a model directory (the library verifies its format version and checksum) and checks that it was
 * written by this command: a tokenizer and a fitted vectorizer matching the model's vocabulary.
 * @throws RivuletError `model-format` naming the directory and what is wrong.
 */
export async function openModel(dir: string): Promise<CliModel> {
  const saved = await loadModel(dir);
  const bad = (what: string): never => {
    throw new RivuletError('model-format', CLI, `model ${JSON.stringify(dir)} ${what}`, {
      parameter: '--model',
    });
  };
  const s = saved.settings as Record<string, unknown>;
  if (s?.tool !== 'rivulet-cli') bad('was not saved by rivulet topics --save (settings.tool is missing)');
  if (typeof s.decomposer !== 'string') bad('names no decomposer');
  const options = (s.decomposerOptions ?? {}) as Record<string, unknown>;
  let vectorizer: FittedVectorizer | null = null;
  if (s.vectorizer !== null && s.vectorizer !== undefined) {
    try {
      vectorizer = FittedVectorizer.fromJSON(s.vectorizer);
    } catch (error) {
      bad(`holds an unreadable vectorizer (${(error as Error).message})`);
    }
    if (vectorizer!.vocabulary.length !== saved.H.cols) {
      bad(
        `is inconsistent: the vectorizer has ${vectorizer!.vocabulary.length} terms but H has ${saved.H.cols} columns`,
      );
    }
  }
  const tokenizer = (s.tokenizer ?? null) as TokenizerSettings | null;
  if ((tokenizer === null) !== (vectorizer === null))
    bad('has a tokenizer without a vectorizer or the reverse');
  if (saved.vocabulary.length !== saved.H.cols) {
    bad(`is inconsistent: ${saved.vocabulary.length} terms but H has ${saved.H.cols} columns`);
  }
  return {
    dir,
    saved,
    tokenizer,
    vectorizer,
    decomposer: s.decomposer as string,
    decomposerOptions: options,
  };
}

/** The document-term matrix of new tokenized documents, with the model's vocabulary and weighting. */
export function vectorizeWith(model: CliModel, documents: readonly TokenizedDocument[]): DocTermMatrix {
  if (!model.vectorizer) {
    throw new RivuletError(
      'model-format',
      CLI,
      `model ${JSON.stringify(model.dir)} was trained on a matrix, so it cannot read text`,
      {
        parameter: '--model',
      },
    );
  }
  return model.vectorizer.transform(documents);
}

/**
 * Topic weights of new rows (rows × components): NMF's transform with H fixed and the training solver
 * settings; for SVD, the projection A·Vᵀ (scikit-learn's `TruncatedSVD.transform`).
 */
export function projectRows(model: CliModel, matrix: DocTermMatrix): DenseMatrix {
  const { H } = model.saved;
  if (matrix.matrix.cols !== H.cols) {
    throw new RivuletError(
      'model-format',
      CLI,
      `model ${JSON.stringify(model.dir)} has ${H.cols} terms but the corpus matrix has ${matrix.matrix.cols} columns`,
      { parameter: '--model' },
    );
  }
  if (model.decomposer === 'svd') return transformSvd(matrix.matrix, H);
  const o = model.decomposerOptions;
  const solver = model.decomposer === 'nmf-mu' ? 'mu' : 'cd';
  const pick: Record<string, unknown> = { solver };
  for (const key of ['betaLoss', 'maxEpochs', 'tol', 'seed']) if (o[key] !== undefined) pick[key] = o[key];
  return transformNmf(matrix.matrix, H, pick);
}
