import { invalidOption, knownOptions } from '@rivulet/core';
import { DenseMatrix, dsum } from '@rivulet/linalg';
import { checkCustomInit } from './init/checkCustomInit.js';
import type { NmfOptions } from './NmfOptions.js';
import { resolveNmfOptions } from './resolveNmfOptions.js';
import { createSolver } from './solvers/createSolver.js';
import { type NmfInput, toCsr } from './toCsr.js';

/** Options of {@link transformNmf}: the solver settings of training (H's shape fixes `components`). */
export type TransformNmfOptions = Pick<
  NmfOptions,
  'solver' | 'betaLoss' | 'maxEpochs' | 'tol' | 'alphaW' | 'alphaH' | 'l1Ratio' | 'shuffle' | 'seed'
>;

const KNOWN = ['solver', 'betaLoss', 'maxEpochs', 'tol', 'alphaW', 'alphaH', 'l1Ratio', 'shuffle', 'seed'];

/**
 * W for new rows with the topics H held fixed: the chosen solver run on W alone, as scikit-learn 1.2's
 * `NMF.transform` (MU starts W at √(mean(A)/k) everywhere, CD at zeros; regularisation scaled by the
 * new matrix's size). Synchronous: the work is one solve per row block, without events. With the
 * Frobenius loss, no regularisation and no CD shuffling it runs on the fused engine (`FastNmf` with H
 * fixed), as training does; otherwise on the plain solvers.
 *
 * Shapes: matrix rows × terms, H components × terms, result rows × components.
 *
 * @example
 * ```ts
 * import { fitNmf, transformNmf } from '@rivulet/decomposition';
 * const { H } = await fitNmf(train, { components: 3 });
 * const W = transformNmf(fresh, H, { tol: 1e-6 });
 * ```
 * @throws RivuletError `invalid-option` for bad options or an H that does not fit the matrix,
 * `invalid-input`/`empty-input` for bad data.
 */
export function transformNmf(
  matrix: NmfInput,
  H: DenseMatrix,
  options: TransformNmfOptions = {},
): DenseMatrix {
  const stage = 'transformNmf';
  knownOptions(stage, options, KNOWN);
  if (!DenseMatrix.is(H)) {
    invalidOption(stage, 'H', 'a DenseMatrix (components × terms)', H);
  }
  const settings = resolveNmfOptions({ ...options, components: H.rows }, stage);
  const A = toCsr(matrix, stage, false);
  checkCustomInit(stage, 'H', H, H.rows, A.cols, 'components × cols');
  const k = H.rows;
  const W = new Float64Array(A.rows * k);
  if (settings.solver === 'mu') W.fill(Math.sqrt(dsum(A.nnz, A.data) / (A.rows * A.cols) / k));
  const solver = createSolver(A, W, H.data.slice(), settings, false, false, stage);
  try {
    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      if (solver.step(epoch).converged) break;
    }
    return new DenseMatrix(A.rows, k, solver.W);
  } finally {
    solver.close?.();
  }
}
