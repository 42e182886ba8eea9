import { type ResultEvent, type TrainingEvent, type TrainingSession, trainingLoop } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { defer, type Observable } from 'rxjs';
import { checkFactorMemory } from './checkFactorMemory.js';
import { initialize } from './init/initialize.js';
import type { NmfOptions } from './NmfOptions.js';
import { ConflatedSnapshots } from './online/ConflatedSnapshots.js';
import { resolveNmfOptions } from './resolveNmfOptions.js';
import { createSolver } from './solvers/createSolver.js';
import { type NmfInput, toCsr } from './toCsr.js';
import { trainInWorker } from './worker/trainInWorker.js';

/**
 * Non-negative matrix factorisation A ≈ W·H (A: documents × terms, W: documents × components,
 * H: components × terms) as a cold stream of training events: subscribing starts training, each epoch
 * emits `{ type: 'epoch', epoch, loss, relativeChange, elapsedMs }`, the end one
 * `{ type: 'result', W, H, loss, epochs, converged, stopped }`; unsubscribing stops it within an epoch.
 * Hitting `maxEpochs` is `converged: false`, not an error. `loss` is scikit-learn's `reconstruction_err_`.
 *
 * Solvers: `'mu'`, multiplicative updates (Lee & Seung 2001; Févotte & Idier 2011 for β-divergences),
 * and `'cd'`, coordinate descent (Hsieh & Dhillon 2011), each matching scikit-learn 1.2's `NMF` from the
 * same start.
 *
 * @example
 * ```ts
 * import { trainNmf } from '@rivulet/decomposition';
 * import { DenseMatrix } from '@rivulet/linalg';
 * const a = DenseMatrix.fromRows([[1, 0, 2], [0, 3, 1], [4, 1, 0]]);
 * trainNmf(a, { components: 2, init: 'random', seed: 1 }).subscribe((e) => e.type === 'epoch' && console.log(e.loss));
 * ```
 * With `worker: true` the same training runs in a worker thread ({@link trainInWorker}).
 *
 * @throws (through the error channel) RivuletError `invalid-option` for bad options, `invalid-input` for
 * negative or non-finite data (naming row and column), `empty-input` for a matrix without rows or columns.
 */
export function trainNmf(matrix: NmfInput, options: NmfOptions): Observable<TrainingEvent> {
  return defer(() => {
    const settings = resolveNmfOptions(options);
    if (options.worker === true) {
      // The worker imports this very function (its WorkerRef) and runs it with the same options.
      const { worker: _worker, ...rest } = options;
      return trainInWorker({ module: import.meta.url, export: 'trainNmf' }, matrix, rest);
    }
    const start = (): TrainingSession => {
      const A = toCsr(matrix, 'nmf', true);
      const k = settings.components;
      // W and H, the solver's work arrays of the same shapes and the result's copies: about three of each.
      checkFactorMemory(
        'nmf',
        3 * k * (A.rows + A.cols),
        `W (${A.rows} × ${k}) and H (${k} × ${A.cols}) with the solver's work arrays`,
        'lower components, or train with onlineNmf (only H is dense)',
      );
      const { W, H, warnings } = initialize(A, settings, 'nmf');
      const solver = createSolver(A, W.data, H.data, settings, true, true, 'nmf');
      let loss = solver.initialLoss;
      const snapshots = new ConflatedSnapshots();
      return {
        initialLoss: solver.initialLoss,
        maxEpochs: settings.maxEpochs,
        warnings,
        step(epoch) {
          const outcome = solver.step(epoch);
          loss = outcome.loss;
          return outcome;
        },
        dispose: () => solver.close?.(),
        // Conflated as the online loops' snapshots: a slow consumer holds at most one unread copy of H.
        snapshot: (epoch) => snapshots.event(epoch, solver.H, settings.components, A.cols),
        // The session ends here (dispose follows, no step): the result takes the solver's factor arrays
        // rather than copies, so no second W and H exist beside the solver's memory at the end.
        result: (epochs, converged, stopped): ResultEvent => ({
          type: 'result',
          W: new DenseMatrix(A.rows, settings.components, solver.W),
          H: new DenseMatrix(settings.components, A.cols, solver.H),
          loss,
          epochs,
          converged,
          stopped,
        }),
      };
    };
    return trainingLoop('nmf', start, {
      scheduler: settings.scheduler,
      sliceMs: settings.sliceMs,
      stop: settings.stop,
      snapshotEvery: settings.snapshotEvery,
    });
  });
}
