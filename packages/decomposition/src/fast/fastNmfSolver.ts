import { type CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { ConvergenceTest } from '../solvers/convergence.js';
import { FastNmf, type FastNmfBackend, type FastNmfSolver } from './FastNmf.js';

/** Options of {@link fastNmfSolver}. */
export interface FastNmfSolverOptions {
  solver: FastNmfSolver;
  /** scikit-learn's `tol`, with that solver's meaning (see {@link fastNmfSolver}). */
  tol: number;
  backend?: FastNmfBackend;
  /** Default: FastNmf's (`chooseThreads`). */
  threads?: number;
  /** Default 'float64'. */
  dtype?: 'float64' | 'float32';
  /** false holds H fixed (a transform or a refit of W); default true. */
  updateH?: boolean;
}

/** What {@link fastNmfSolver} returns: the shape of @rivulet/decomposition's `NmfSolver`. */
export interface FastNmfSolverRun {
  /**
   * W (rows × k, row-major): the start array passed in, overwritten with the engine's current W on each
   * read (the engine works on its own copy; as a plain solver's, the factors live in the caller's arrays).
   */
  readonly W: Float64Array;
  /** H (k × cols, row-major): the start array passed in, overwritten with the engine's current H on each read. */
  readonly H: Float64Array;
  readonly initialLoss: number;
  /** Runs epoch `epoch` (1-based): one iteration, its loss, and the solver's convergence test. */
  step(epoch: number): { loss: number; converged: boolean };
  /**
   * Ends the run: stops the worker thread, if any, and gives the engine's memory back for the next
   * engine to reuse (`FastNmf.release`). Read `W` and `H` first: they throw afterwards.
   */
  close(): void;
}

/**
 * A Frobenius, unregularised NMF run on {@link FastNmf} with scikit-learn 1.2's convergence tests, in
 * the shape of @rivulet/decomposition's solvers so a fit loop can use it as a drop-in fast path: for
 * 'mu', every 10 epochs `(previous − current) / initial loss < tol` (as `_fit_multiplicative_update`);
 * for 'cd', `violation / violation of epoch 1 ≤ tol` (as `_fit_coordinate_descent`). The loss is
 * reported after every epoch (it costs O(k²) there). `W` (rows × k) and `H` (k × cols) are copied in,
 * and reading the run's `W` or `H` copies the engine's current factors back into those same arrays: no
 * factor-sized array is allocated while the engine's memory is alive, so the end of a training (which
 * reads both) does not add them on top of it.
 *
 * @example
 * ```ts
 * import { CsrMatrix } from '@rivulet/linalg';
 * import { fastNmfSolver } from '@rivulet/decomposition';
 * const A = CsrMatrix.fromDense([[1, 0, 2], [0, 3, 1]]);
 * const run = fastNmfSolver(A, Float64Array.of(1, 1), Float64Array.of(1, 1, 1), 1, { solver: 'cd', tol: 1e-4 });
 * let epoch = 0;
 * while (!run.step(++epoch).converged && epoch < 200);
 * ```
 */
export function fastNmfSolver(
  A: CsrMatrix,
  W: Float64Array,
  H: Float64Array,
  k: number,
  options: FastNmfSolverOptions,
): FastNmfSolverRun {
  const engine = new FastNmf(
    A,
    // FastNmf copies the start into its own memory and keeps no reference: no copy is needed here, and
    // one (rows × k and k × cols doubles) would stay allocated until a major collection.
    new DenseMatrix(A.rows, k, W),
    new DenseMatrix(k, A.cols, H),
    {
      solver: options.solver,
      backend: options.backend,
      dtype: options.dtype,
      updateH: options.updateH,
      threads: options.threads,
    },
  );
  const { tol, solver } = options;
  const initialLoss = engine.loss();
  const convergence = new ConvergenceTest(solver, tol, initialLoss);
  return {
    get W() {
      return engine.copyW(W);
    },
    get H() {
      return engine.copyH(H);
    },
    initialLoss,
    step(epoch: number) {
      engine.iterate();
      const loss = engine.loss();
      return { loss, converged: convergence.converged(epoch, loss, engine.violation) };
    },
    close() {
      engine.release();
    },
  };
}
