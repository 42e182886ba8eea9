import { RivuletError } from '@rivulet/core';
import type { CsrMatrix } from '@rivulet/linalg';
import { fastNmfSolver } from '../fast/fastNmfSolver.js';
import type { NmfSettings } from '../NmfSettings.js';
import { CdSolver } from './CdSolver.js';
import { MuSolver } from './MuSolver.js';
import type { NmfSolver } from './NmfSolver.js';
import { regularization } from './regularization.js';

/**
 * The solver `settings.solver` names, on data `A` from start `W`, `H`, with the regularisation scaled to
 * A's size. Read the factors from the solver's `W`/`H` (the fused engine works on its own copies) and
 * `close()` it at the end.
 * @param updateH false holds H fixed (transform)
 * @param everyEpoch compute the loss after every epoch (for epoch events)
 * @throws RivuletError `invalid-input` when β ≤ 0 and A has zeros (the IS-type updates divide by them;
 * scikit-learn refuses the same)
 */
export function createSolver(
  A: CsrMatrix,
  W: Float64Array,
  H: Float64Array,
  settings: NmfSettings,
  updateH: boolean,
  everyEpoch: boolean,
  stage: string,
): NmfSolver {
  const { components: k, beta, tol } = settings;
  if (beta <= 0 && hasZero(A)) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `matrix must have no zero entries when betaLoss ≤ 0 (got β = ${beta}); the updates would divide by zero. Add a small constant or use a positive betaLoss`,
      { parameter: 'matrix' },
    );
  }
  const reg = regularization(A.rows, A.cols, settings.alphaW, settings.alphaH, settings.l1Ratio);
  // Frobenius without regularisation or shuffling, the common case, runs on the fused WebAssembly
  // kernels (same iterations, rounding-level differences; see ../fast) — training, and with H fixed,
  // transforms and refits of W.
  const unregularised = reg.l1W === 0 && reg.l1H === 0 && reg.l2W === 0 && reg.l2H === 0;
  const fused = beta === 2 && unregularised && !(settings.solver === 'cd' && settings.shuffle);
  if (fused)
    return fastNmfSolver(A, W, H, k, { solver: settings.solver, tol, dtype: settings.dtype, updateH });
  if (settings.dtype === 'float32') {
    throw new RivuletError(
      'invalid-option',
      stage,
      'dtype must be "float64" unless betaLoss is "frobenius" with no regularisation and no CD shuffling (float32 runs on the fused kernels only), got "float32"',
      { parameter: 'dtype' },
    );
  }
  return settings.solver === 'cd'
    ? new CdSolver(A, W, H, k, reg, tol, updateH, everyEpoch, settings.shuffle, settings.seed)
    : new MuSolver(A, W, H, k, beta, reg, tol, updateH, everyEpoch);
}

function hasZero(A: CsrMatrix): boolean {
  if (A.nnz < A.rows * A.cols) return true;
  for (let p = 0; p < A.nnz; p++) if (A.data[p] === 0) return true;
  return false;
}
