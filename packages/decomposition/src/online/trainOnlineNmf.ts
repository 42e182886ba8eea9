import {
  booleanOption,
  type DocTermMatrix,
  RivuletError,
  stopNotifier,
  type TrainingEvent,
  yieldScheduler,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { defer, Observable, Subject, type Subscription, take } from 'rxjs';
import { trainInWorker } from '../worker/trainInWorker.js';
import { ConflatedSnapshots } from './ConflatedSnapshots.js';
import { OnlineNmf } from './OnlineNmf.js';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';
import { relativeDifference } from './relativeDifference.js';

/** Options of {@link trainOnlineNmf}: online NMF's, and whether to train in a worker thread. */
export interface TrainOnlineNmfOptions extends OnlineNmfOptions {
  /**
   * Train in a worker thread (default false): the same events and bit-identical factors, with the host's
   * event loop left free; not with `scheduler` (it cannot cross threads).
   */
  readonly worker?: boolean;
}

/**
 * Mini-batch NMF over a finite matrix (documents × terms), as scikit-learn 1.2's
 * `MiniBatchNMF.fit_transform`: batches of `batchSize` rows in order, cycled for up to `maxEpochs`
 * passes; each step emits `{ type: 'batch', step, batchSize, loss }` (loss = ‖X_b − W_b·H‖_F on that
 * batch, or √(2·D_β) for other β; H before its update — scikit-learn's batch cost reported as a norm), every `snapshotEvery`
 * steps a `{ type: 'snapshot', step, H }` (conflated for slow consumers, see {@link ConflatedSnapshots}), and at the end one `result` whose `W` is documents ×
 * components (solved afresh when `freshRestarts`) and `loss` is ‖X − W·H‖_F over the whole matrix.
 *
 * It stops, as scikit-learn, when ‖ΔH‖/‖H‖ ≤ `tol` or when an exponentially weighted average of the batch
 * costs has not reached a new minimum for `maxNoImprovement` steps (`converged: true`).
 *
 * @example
 * ```ts
 * import { trainOnlineNmf } from '@rivulet/decomposition';
 * trainOnlineNmf(docTerm, { components: 10, batchSize: 256 }).subscribe((e) => console.log(e.type));
 * ```
 * With `worker: true` the same training runs in a worker thread (`trainInWorker`).
 */
export function trainOnlineNmf(
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: TrainOnlineNmfOptions,
): Observable<TrainingEvent> {
  if (options !== null && typeof options === 'object' && options.worker !== undefined) {
    const { worker, ...rest } = options;
    // The worker imports this very function (its WorkerRef) and runs it with the same options.
    return defer(() =>
      booleanOption('onlineNmf', 'worker', worker)
        ? trainInWorker({ module: import.meta.url, export: 'trainOnlineNmf' }, matrix, rest)
        : trainOnlineNmf(matrix, rest),
    );
  }
  return new Observable<TrainingEvent>((subscriber) => {
    // Every event goes to the subscriber and to what a stop rule watches.
    const watched = new Subject<TrainingEvent>();
    const emit = (event: TrainingEvent) => {
      subscriber.next(event);
      watched.next(event);
    };
    let stopSubscription: Subscription | undefined;
    let scheduled: Subscription | undefined;
    try {
      const model = new OnlineNmf(options, 'onlineNmf');
      const s = model.settings;
      // The values are checked with the start (on the fused engine, in its copy of X).
      const X = model.check(DenseMatrix.is(matrix) ? CsrMatrix.fromDense(matrix) : matrix, false);
      const n = X.rows;
      if (n === 0) throw new RivuletError('empty-input', 'onlineNmf', 'the matrix has no rows');
      const k = s.components;
      const batch = Math.min(s.batchSize, n);
      const rho = s.forgetFactor ** (batch / n);
      // On the fused engine X is copied in once and W lives there (`resident`): copied out at the end.
      const { W: full, resident } = model.prepareTraining(X, batch);
      // H is read through liveH() each time: the fused engine may move it to a larger memory. The fused
      // engine measures ‖ΔH‖ itself; the plain path compares H with a copy.
      const Hbuffer = model.fused ? null : model.liveH().slice();
      const stepsPerEpoch = Math.ceil(n / batch);
      const totalSteps = s.maxEpochs * stepsPerEpoch;
      const scheduler = s.scheduler ?? yieldScheduler;
      let ewa: number | undefined;
      let ewaMin: number | undefined;
      let noImprovement = 0;
      let step = 0;
      let stopRequested = false;
      const snapshots = new ConflatedSnapshots();
      const t0 = performance.now();
      const stop$ = stopNotifier('onlineNmf', s.stop, watched)?.pipe(take(1));
      if (stop$) {
        stopSubscription = stop$.subscribe({
          next: () => {
            stopRequested = true;
          },
          error: (e) => subscriber.error(e),
        });
      }

      const converged = (rows: number, cost: number): boolean => {
        if (step === 1) return false;
        const alpha = Math.min(rows / (n + 1), 1);
        ewa = ewa === undefined ? cost : ewa * (1 - alpha) + cost * alpha;
        if (s.tol > 0) {
          // The fused engine measured ‖ΔH‖/‖H‖ during its update; the plain path compares H with its copy.
          const previous = Hbuffer as Float64Array;
          const change = model.lastHChange() ?? relativeDifference(model.liveH(), previous, previous.length);
          if (change <= s.tol) return true;
        }
        if (ewaMin === undefined || ewa < ewaMin) {
          noImprovement = 0;
          ewaMin = ewa;
        } else noImprovement++;
        return s.maxNoImprovement !== null && noImprovement >= s.maxNoImprovement;
      };

      const finish = (isConverged: boolean, stopped: boolean) => {
        let Wout = full;
        if (s.freshRestarts) {
          Wout = new Float64Array(n * k);
          model.solveW(X, 0, n, s.transformMaxIter, Wout);
        }
        const loss = model.loss(X, Wout);
        emit({
          type: 'result',
          W: new DenseMatrix(n, k, Wout === full && resident ? full.slice() : Wout),
          H: model.components,
          loss,
          epochs: Math.ceil(step / stepsPerEpoch),
          converged: isConverged,
          stopped,
        });
        subscriber.complete();
      };

      /** Runs steps until the slice is used up; true when more remain. */
      const slice = (): boolean => {
        const start = performance.now();
        while (!subscriber.closed) {
          if (stopRequested) {
            finish(false, true);
            return false;
          }
          if (step >= totalSteps) {
            finish(false, false);
            return false;
          }
          const first = (step % stepsPerEpoch) * batch;
          const rows = Math.min(batch, n - first);
          const outcome = model.step(X, first, rows, full.subarray(first * k, (first + rows) * k), rho);
          step++;
          emit({
            type: 'batch',
            step,
            batchSize: rows,
            loss: outcome.loss,
            elapsedMs: performance.now() - t0,
          });
          if (s.snapshotEvery > 0 && step % s.snapshotEvery === 0) {
            emit(snapshots.event(step, model.liveH(), k, X.cols));
          }
          if (converged(rows, outcome.cost)) {
            finish(true, false);
            return false;
          }
          if (s.tol > 0 && Hbuffer !== null) Hbuffer.set(model.liveH());
          if (performance.now() - start >= s.sliceMs) return true;
        }
        return false;
      };

      scheduled = scheduler.schedule(function () {
        try {
          if (slice()) this.schedule();
        } catch (error) {
          subscriber.error(error);
        }
      });
    } catch (error) {
      subscriber.error(error);
    }
    return () => {
      scheduled?.unsubscribe();
      stopSubscription?.unsubscribe();
    };
  });
}
