/**
 * Entry of the worker thread started by `trainInWorker`: it imports what the caller's `WorkerRef` names (a
 * plugin factory or a training function; it knows no decomposer itself), runs the same code as the main
 * thread would (so results are bit-identical) and posts every event back, transferring the factors'
 * buffers.
 */
import { parentPort } from 'node:worker_threads';
import { type DocTermMatrix, loadWorkerExport, type StopOption, type TrainingEvent } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { defer, filter, from, merge, type Observable, of, ReplaySubject, switchMap } from 'rxjs';
import {
  detachFactors,
  type ErrorData,
  type FromWorker,
  type MatrixData,
  type ToWorker,
} from './workerMessages.js';

const port = parentPort;
if (port === null) throw new Error('trainWorker must run in a worker thread');
// Replayed: a stop that arrives before the training loop subscribes to it (it does so on its first slice)
// must not be lost.
const stop = new ReplaySubject<void>(1);

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function matrixOf(m: MatrixData): CsrMatrix | DenseMatrix {
  return m.kind === 'csr'
    ? new CsrMatrix(m.rows, m.cols, m.indptr, m.indices, m.data)
    : new DenseMatrix(m.rows, m.cols, m.data);
}

function reviveOptions(options: Record<string, unknown>): Record<string, unknown> {
  const init = options.init as
    | {
        W?: { rows: number; cols: number; data: Float64Array };
        H?: { rows: number; cols: number; data: Float64Array };
      }
    | undefined;
  if (init === undefined || typeof init !== 'object' || init === null) return options;
  const revive = (d: { rows: number; cols: number; data: Float64Array } | undefined) =>
    d === undefined ? undefined : new DenseMatrix(d.rows, d.cols, d.data);
  const W = revive(init.W);
  return { ...options, init: W === undefined ? { H: revive(init.H) } : { W, H: revive(init.H) } };
}

function errorData(error: unknown): ErrorData {
  const e = error as {
    message?: unknown;
    name?: unknown;
    kind?: unknown;
    stage?: unknown;
    parameter?: unknown;
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    message: text(e?.message) ?? String(error),
    name: text(e?.name) ?? 'Error',
    kind: text(e?.kind),
    stage: text(e?.stage),
    parameter: text(e?.parameter),
  };
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    stop.next();
    return;
  }
  let events: Observable<TrainingEvent>;
  try {
    const matrix = matrixOf(message.matrix);
    const options = reviveOptions(message.options);
    const { ref, documents, stopFlag } = message;
    // The stop message, and the shared flag read at each of the run's own events: a loop that does not
    // yield (a long slice) sees the flag at its next epoch or batch, before the message could arrive.
    const stopOption: StopOption =
      stopFlag === undefined
        ? stop
        : (events) => merge(stop, events.pipe(filter(() => Atomics.load(stopFlag, 0) === 1)));
    // A document-term matrix's stage gets it whole; a raw matrix goes in as it is.
    const input = documents
      ? ({ ...documents, matrix: matrix as CsrMatrix } satisfies DocTermMatrix)
      : matrix;
    events = from(loadWorkerExport(ref)).pipe(
      switchMap((loaded) =>
        defer(() =>
          loaded.kind === 'plugin'
            ? loaded.factory.descriptor.create(options, { stop: stopOption }).apply(of(input))
            : (loaded.train(input, { ...options, stop: stopOption }) as Observable<TrainingEvent>),
        ),
      ),
    );
  } catch (error) {
    post({ type: 'error', error: errorData(error) });
    return;
  }
  events.subscribe({
    next(event) {
      const { event: plain, transfer } = detachFactors(event);
      post({ type: 'event', event: plain }, transfer);
    },
    error(error) {
      post({ type: 'error', error: errorData(error) });
    },
    complete() {
      post({ type: 'complete' });
    },
  });
});
