import { type DocTermMatrix, RivuletError, stopNotifier, type TrainingEvent } from '@rivulet/core';
import { type CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import {
  concat,
  concatMap,
  defer,
  Observable,
  type OperatorFunction,
  of,
  Subject,
  take,
  takeUntil,
  tap,
} from 'rxjs';
import { ConflatedSnapshots } from './ConflatedSnapshots.js';
import { OnlineNmf } from './OnlineNmf.js';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';

/**
 * Online NMF over a stream of document-term batches (all with the same columns: one fitted vectorizer or
 * one hashing vectorizer), as repeated calls of scikit-learn 1.2's `MiniBatchNMF.partial_fit`: each
 * incoming matrix is cut into steps of at most `batchSize` rows; each step solves W of its rows afresh,
 * updates H, and emits `{ type: 'batch', step, batchSize, loss }` with loss = ‖X_b − W_b·H‖_F, √(2·D_β) for other β (H before
 * the update); every `snapshotEvery` steps a `{ type: 'snapshot', step, H }` follows (conflated for slow
 * consumers: a snapshot not yet read when the next is taken is replaced by it, see {@link ConflatedSnapshots}). When the source
 * completes (or a graceful `stop` fires) one `result` arrives: H (components × terms), `W` empty
 * (0 × components — the rows are gone; use `OnlineNmf.transform` for W of chosen documents), `loss` the
 * last batch's, `epochs` 1 (one pass), `converged` false (a stream has no end test).
 *
 * Backpressure: batches are processed one at a time, in order. Without a `scheduler` each batch is
 * processed synchronously as it arrives, so a pull-based source (`@rivulet/sources`) reads the next chunk
 * only when the step is done and memory stays flat however long the stream; with a scheduler the steps
 * of a batch run through it, at most `sliceMs` back to back (batches arriving meanwhile wait in order).
 *
 * @example
 * ```ts
 * import { onlineNmf } from '@rivulet/decomposition';
 * import { hashingVectorize } from '@rivulet/vectorizer';
 * tokenized$.pipe(hashingVectorize({ alternateSign: false, batchSize: 512 }), onlineNmf({ components: 20 }));
 * ```
 */
export function onlineNmf(
  options: OnlineNmfOptions,
): OperatorFunction<DocTermMatrix | CsrMatrix, TrainingEvent> {
  return (source) =>
    defer(() => {
      const model = new OnlineNmf(options, 'onlineNmf');
      const s = model.settings;
      const t0 = performance.now();
      let lastLoss = Number.NaN;
      let stopped = false;
      const snapshots = new ConflatedSnapshots();
      const steps = (batch: DocTermMatrix | CsrMatrix) =>
        new Observable<TrainingEvent>((subscriber) => {
          const X = model.check(batch);
          const size = Math.min(s.batchSize, X.rows);
          if (size > 0) model.prepare(X, size);
          let offset = 0;
          const slice = (): boolean => {
            const start = performance.now();
            while (offset < X.rows && !subscriber.closed) {
              const rows = Math.min(size, X.rows - offset);
              lastLoss = model.step(X, offset, rows, null, s.forgetFactor).loss;
              offset += rows;
              const step = model.steps;
              subscriber.next({
                type: 'batch',
                step,
                batchSize: rows,
                loss: lastLoss,
                elapsedMs: performance.now() - t0,
              });
              if (s.snapshotEvery > 0 && step % s.snapshotEvery === 0) {
                subscriber.next(snapshots.event(step, model.liveH(), s.components, model.columns));
              }
              if (s.scheduler !== undefined && performance.now() - start >= s.sliceMs) return offset < X.rows;
            }
            return false;
          };
          if (s.scheduler === undefined) {
            slice();
            subscriber.complete();
            return undefined;
          }
          return s.scheduler.schedule(function () {
            try {
              if (slice()) this.schedule();
              else subscriber.complete();
            } catch (error) {
              subscriber.error(error);
            }
          });
        });
      // A stop rule watches this run's own events.
      const watched = new Subject<TrainingEvent>();
      const stop$ = stopNotifier('onlineNmf', s.stop, watched)?.pipe(take(1));
      const events$ = source.pipe(concatMap(steps));
      const body$ = stop$
        ? events$.pipe(
            takeUntil(
              stop$.pipe(
                tap(() => {
                  stopped = true;
                }),
              ),
            ),
          )
        : events$;
      // The rule sees each event after the subscriber has it (so the step that triggers a stop is emitted,
      // as a graceful stop promises); errors reach the subscriber only.
      const watchedBody$ = new Observable<TrainingEvent>((subscriber) =>
        body$.subscribe({
          next: (e) => {
            subscriber.next(e);
            watched.next(e);
          },
          error: (e) => subscriber.error(e),
          complete: () => {
            watched.complete();
            subscriber.complete();
          },
        }),
      );
      const result$ = defer(() => {
        if (model.steps === 0) {
          throw new RivuletError(
            'empty-input',
            'onlineNmf',
            stopped ? 'stopped before any batch arrived' : 'the stream completed without a batch with rows',
          );
        }
        return of<TrainingEvent>({
          type: 'result',
          W: new DenseMatrix(0, s.components),
          H: model.components,
          loss: lastLoss,
          epochs: 1,
          converged: false,
          stopped,
        });
      });
      return concat(watchedBody$, result$);
    });
}
