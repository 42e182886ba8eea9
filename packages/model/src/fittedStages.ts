import { type DocTermMatrix, RivuletError, type TokenizedDocument, type WeightingState } from '@rivulet/core';
import { transformNmf, transformSvd } from '@rivulet/decomposition';
import type { DenseMatrix } from '@rivulet/linalg';
import { FittedVectorizer } from '@rivulet/vectorizer';
import type { PluginChoice } from './ModelPipeline.js';

const STAGE = 'TopicModel';

/**
 * How a saved model turns new tokenized documents into rows with the training vocabulary and weighting.
 * @internal
 */
export type RowsOf = (documents: readonly TokenizedDocument[]) => DocTermMatrix;

/**
 * How a saved model gives topic weights (rows × components) to new rows with its topics H fixed.
 * @internal
 */
export type WeightsOf = (matrix: DocTermMatrix) => DenseMatrix;

/**
 * The vectorizer's fitted state restored from the model's vocabulary and weighting (stored once in the
 * model file, not again in the vectorizer's settings).
 * @internal
 */
export function fittedVectorizer(
  choice: PluginChoice,
  vocabulary: readonly string[],
  weighting: WeightingState,
): RowsOf {
  if (choice.name !== 'default') throw noCapability('vectorizer', choice.name, 'transform new documents');
  const { kind, norm, idf, smoothIdf, sublinearTf } = weighting;
  const fitted = FittedVectorizer.fromJSON({
    format: 'rivulet-vectorizer',
    version: 1,
    vocabulary,
    weighting:
      kind === 'tfidf' ? { kind, norm, idf: Array.from(idf ?? []), smoothIdf, sublinearTf } : { kind, norm },
    options: { ...choice.options, weighting: kind, norm },
  });
  return (documents) => fitted.transform(documents);
}

/**
 * The decomposer's transform: NMF solves for W with H fixed and the training solver settings
 * (scikit-learn's `NMF.transform`); SVD projects, A·Hᵀ (`TruncatedSVD.transform`).
 * @internal
 */
export function fittedDecomposer(choice: PluginChoice, H: DenseMatrix): WeightsOf {
  const options = choice.options ?? {};
  if (choice.name === 'svd') {
    return ({ matrix }) => transformSvd(matrix, H);
  }
  if (choice.name === 'nmf-mu' || choice.name === 'nmf-cd') {
    const pick: Record<string, unknown> = { solver: choice.name === 'nmf-mu' ? 'mu' : 'cd' };
    for (const key of ['betaLoss', 'maxEpochs', 'tol', 'alphaW', 'alphaH', 'l1Ratio', 'shuffle', 'seed']) {
      if (options[key] !== undefined) pick[key] = options[key];
    }
    return ({ matrix }) => transformNmf(matrix, H, pick);
  }
  throw noCapability('decomposer', choice.name, 'transform new rows with a saved model');
}

function noCapability(role: string, name: string, what: string): RivuletError {
  return new RivuletError(
    'invalid-option',
    STAGE,
    `the ${role} ${JSON.stringify(name)} cannot ${what}, so this model can only show its topics`,
    { parameter: role },
  );
}
