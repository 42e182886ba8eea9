import {
  type DocTermMatrix,
  describeValue,
  integerOption,
  knownOptions,
  RivuletError,
  type TrainingEvent,
  type TrainingSession,
  trainingLoop,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix, RandomizedSvd } from '@rivulet/linalg';
import { defer, type Observable } from 'rxjs';
import { checkCsrStructure } from '../checkCsrStructure.js';
import { checkFactorMemory } from '../checkFactorMemory.js';
import { checkMagnitude } from '../checkMagnitude.js';
import { SVD_OPTION_KEYS, type SvdOptions } from './SvdOptions.js';

const STAGE = 'svd';

/**
 * Truncated SVD (latent semantic analysis) as a cold stream of training events, as scikit-learn's
 * `TruncatedSVD(algorithm='randomized')`: the randomized SVD of Halko, Martinsson & Tropp (2011) on the
 * sparse matrix, never densified (see `RandomizedSvd` in `@rivulet/linalg`). Each power iteration is one
 * `epoch` event; the `result` has `W = U·Σ` (documents × components, scikit-learn's `fit_transform`) and
 * `H = Vᵀ` (components × terms, its `components_`). SVD factors take both signs: that is expected for LSA.
 *
 * `loss` is ‖A − W·H‖_F, computed without forming `W·H`: for an orthonormal basis `Q` and the SVD of
 * `QᵀA`, ‖A − Aₖ‖² = ‖A‖² − Σᵢ≤ₖ σᵢ². An epoch's loss is that of the best rank-k approximation within the
 * basis the iteration reached (it falls towards the optimal rank-k residual as iterations proceed); the
 * result's loss is that of the returned factors. The subtraction loses relative accuracy when the residual
 * is below ~1e-8·‖A‖ (it is then clamped at 0). `initialLoss` (the previous loss of epoch 1) is ‖A‖_F,
 * the residual of the empty approximation. `converged` is true once all `nIter` iterations ran; a graceful
 * `stop` returns the factors of the current basis.
 *
 * @param matrix documents × terms: a `CsrMatrix`, `DenseMatrix` or `DocTermMatrix` with finite values
 * @throws (through the error channel) RivuletError `invalid-option` for bad options (a `components` above
 * min(rows, cols) included), `invalid-input` for non-finite values, `empty-input` for an empty matrix
 *
 * @example
 * ```ts
 * import { trainSvd } from '@rivulet/decomposition';
 * import { DenseMatrix } from '@rivulet/linalg';
 * const a = DenseMatrix.fromRows([[1, 0, 2], [0, 3, 1], [4, 1, 0]]);
 * trainSvd(a, { components: 2 }).subscribe((e) => e.type === 'result' && console.log(e.loss));
 * ```
 */
export function trainSvd(
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: SvdOptions,
): Observable<TrainingEvent> {
  return defer(() => {
    knownOptions(STAGE, options, SVD_OPTION_KEYS);
    if (options === undefined) {
      throw new RivuletError('invalid-option', STAGE, 'options are required: { components }', {
        parameter: 'components',
      });
    }
    const nIter = integerOption(STAGE, 'nIter', options.nIter ?? 5, { min: 0 });
    const oversamples = integerOption(STAGE, 'oversamples', options.oversamples ?? 10, { min: 0 });
    const seed = integerOption(STAGE, 'seed', options.seed ?? 0, { min: 0, max: 0xffffffff });
    const start = (): TrainingSession => {
      const A = toFiniteCsr(matrix);
      const limit = Math.min(A.rows, A.cols);
      const k = integerOption(STAGE, 'components', options.components, {
        min: 1,
        max: limit,
        label: `[1, min(rows, cols)] = [1, ${limit}]`,
      });
      // Q and its products (rows and cols × components + oversamples, a few of each) and the factors.
      checkFactorMemory(
        STAGE,
        3 * (k + oversamples) * (A.rows + A.cols),
        `W (${A.rows} × ${k}) and H (${k} × ${A.cols}) with ${oversamples} oversamples`,
        'lower components (or oversamples)',
      );
      const svd = new RandomizedSvd(A, k, { oversamples, seed });
      return {
        initialLoss: Math.sqrt(svd.squaredNorm),
        maxEpochs: nIter,
        step: (epoch) => ({ loss: Math.sqrt(svd.step()), converged: epoch >= nIter }),
        result(epochs, _converged, stopped) {
          // The session ends here: the result may overwrite the basis instead of copying it aside.
          const { U, s, Vt } = svd.result({ last: true });
          // W = U·Σ: scale column c of U by σ_c.
          const w = U.data;
          let kept = 0;
          for (let c = 0; c < k; c++) kept += s[c] * s[c];
          for (let i = 0; i < A.rows; i++) for (let c = 0; c < k; c++) w[i * k + c] *= s[c];
          return {
            type: 'result',
            W: new DenseMatrix(A.rows, k, w),
            H: Vt,
            loss: Math.sqrt(Math.max(0, svd.squaredNorm - kept)),
            epochs,
            converged: !stopped && epochs >= nIter,
            stopped,
          };
        },
        // The products' second thread, if any, lets go of this SVD's memory.
        dispose: () => svd.close(),
      };
    };
    return trainingLoop(STAGE, start, {
      scheduler: options.scheduler,
      sliceMs: options.sliceMs,
      stop: options.stop,
    });
  });
}

/** The data as CSR, checking it is a matrix with at least one row and column and only finite values. */
function toFiniteCsr(matrix: CsrMatrix | DenseMatrix | DocTermMatrix): CsrMatrix {
  let csr: CsrMatrix;
  if (CsrMatrix.is(matrix)) csr = matrix;
  else if (DenseMatrix.is(matrix)) csr = CsrMatrix.fromDense(matrix);
  else if (matrix !== null && typeof matrix === 'object' && CsrMatrix.is(matrix.matrix)) {
    csr = matrix.matrix;
  } else {
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `matrix must be a CsrMatrix, a DenseMatrix or a DocTermMatrix, got ${describeValue(matrix)}`,
      { parameter: 'matrix' },
    );
  }
  if (csr.rows === 0 || csr.cols === 0) {
    throw new RivuletError(
      'empty-input',
      STAGE,
      `matrix must have at least one row and one column, got ${csr.rows} × ${csr.cols}`,
      { parameter: 'matrix' },
    );
  }
  if (!DenseMatrix.is(matrix)) checkCsrStructure(csr, STAGE, 'matrix');
  let largest = 0;
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      const magnitude = Math.abs(csr.data[p]);
      if (magnitude > largest) largest = magnitude;
      if (!Number.isFinite(csr.data[p])) {
        throw new RivuletError(
          'invalid-input',
          STAGE,
          `matrix must hold finite values, got ${describeValue(csr.data[p])} at row ${i}, column ${csr.indices[p]}`,
          { parameter: 'matrix' },
        );
      }
    }
  }
  checkMagnitude(largest, STAGE, 'matrix', false);
  return csr;
}
