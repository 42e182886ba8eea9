import { Worker } from 'node:worker_threads';
import {
  type DocTermMatrix,
  describeValue,
  invalidOption,
  isStopOption,
  oneOfOption,
  RivuletError,
  stopNotifier,
  type TrainingEvent,
  type WorkerRef,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { Observable, Subject, type Subscription, take } from 'rxjs';
import type { NmfOptions } from '../NmfOptions.js';
import { ConflatedSnapshots } from '../online/ConflatedSnapshots.js';
import type { OnlineNmfOptions } from '../online/OnlineNmfOptions.js';
import {
  type DocumentsData,
  denseData,
  type FromWorker,
  type MatrixData,
  reviveEvent,
  type ToWorker,
  type WorkerDecomposer,
} from './workerMessages.js';

const DECOMPOSERS: readonly WorkerDecomposer[] = ['nmf-mu', 'nmf-cd', 'nmf-online'];

/** Options of {@link trainInWorker}: the decomposer's own, without a scheduler (it cannot cross threads). */
export type WorkerTrainingOptions<D extends WorkerDecomposer> = D extends 'nmf-online'
  ? Omit<OnlineNmfOptions, 'scheduler'>
  : Omit<NmfOptions, 'scheduler' | 'solver'>;

/**
 * Trains a decomposer in a `node:worker_threads` worker, so that the host's event loop stays free, with the
 * same cold `Observable<TrainingEvent>` as the in-thread function (`trainNmf` for `'nmf-mu'`/`'nmf-cd'`,
 * `trainOnlineNmf` for `'nmf-online'`). The worker runs that same code on a copy of the matrix, so events
 * and factors are bit-identical to the in-thread run; factors come back as transferred buffers.
 *
 * - Unsubscribing (a hard cancel) terminates the worker at once (`worker.terminate()`, which interrupts
 *   even an epoch under way) and frees everything it held.
 * - A graceful `stop` (AbortSignal or Observable) is forwarded as a message: the worker finishes the epoch
 *   under way, sends one `result` with `stopped: true` and the stream completes.
 * - An error inside the worker arrives on the error channel as a RivuletError of kind `worker`, named
 *   after the stage that raised it (`nmf: worker thread failed: …`), with the original error as `cause`
 *   (a RivuletError of its original kind).
 *
 * Any decomposer plugin runs the same way when given its `WorkerRef` (the `worker` capability of its
 * descriptor: a module the worker can `import()` and the export that is its `definePlugin` factory) instead
 * of a built-in name: the worker imports the factory, creates the stage with `options` and trains it on the
 * document-term matrix, so a third-party decomposer needs nothing but an importable module. The names
 * `'nmf-mu'`, `'nmf-cd'` and `'nmf-online'` are a shorthand that also takes raw matrices.
 *
 * @example
 * ```ts
 * import { trainInWorker } from '@rivulet/decomposition';
 * trainInWorker('nmf-cd', docTerm, { components: 50 }).subscribe((e) => e.type === 'epoch' && console.log(e.loss));
 * trainInWorker(kmeansModule.descriptor.capabilities.worker!, docTerm, { components: 8 });
 * ```
 */
export function trainInWorker<D extends WorkerDecomposer>(
  decomposer: D,
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: WorkerTrainingOptions<D>,
): Observable<TrainingEvent>;
export function trainInWorker(
  plugin: WorkerRef,
  matrix: DocTermMatrix,
  options: Readonly<Record<string, unknown>>,
): Observable<TrainingEvent>;
export function trainInWorker(
  decomposer: WorkerDecomposer | WorkerRef,
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: Readonly<Record<string, unknown>>,
): Observable<TrainingEvent> {
  return new Observable<TrainingEvent>((subscriber) => {
    let worker: Worker | undefined;
    let stopSubscription: Subscription | undefined;
    let done = false;
    const watched = new Subject<TrainingEvent>();
    const plugin = typeof decomposer === 'object' ? decomposer : undefined;
    const stageOf = () =>
      plugin ? (plugin.export ?? 'trainInWorker') : decomposer === 'nmf-online' ? 'onlineNmf' : 'nmf';
    const end = () => {
      watched.complete();
      done = true;
      stopSubscription?.unsubscribe();
      void worker?.terminate();
    };
    try {
      if (plugin) checkWorkerRef(plugin, matrix);
      else oneOfOption('trainInWorker', 'decomposer', decomposer, DECOMPOSERS);
      if (options === null || typeof options !== 'object') {
        invalidOption('trainInWorker', 'options', 'an object', options);
      }
      // `worker: true` (an NmfOptions flag that routes here) is already honoured; `false` contradicts the call.
      const { stop, worker: inWorker, ...rest } = options as Record<string, unknown>;
      if (inWorker !== undefined && inWorker !== true) {
        invalidOption(
          'trainInWorker',
          'worker',
          'true or undefined (this function always uses a worker)',
          inWorker,
        );
      }
      if (rest.scheduler !== undefined) {
        invalidOption(
          'trainInWorker',
          'scheduler',
          'undefined (a scheduler cannot cross into a worker thread)',
          rest.scheduler,
        );
      }
      if (!plugin && rest.solver !== undefined) {
        invalidOption(
          'trainInWorker',
          'solver',
          `undefined (decomposer ${JSON.stringify(decomposer)} sets it)`,
          rest.solver,
        );
      }
      if (stop !== undefined && !isStopOption(stop)) {
        invalidOption('trainInWorker', 'stop', 'an AbortSignal, an Observable or a stop rule', stop);
      }
      const message: ToWorker = {
        type: 'start',
        ...(plugin
          ? { plugin: { module: plugin.module, export: plugin.export }, documents: documentsData(matrix) }
          : { decomposer: decomposer as WorkerDecomposer }),
        matrix: matrixData(matrix),
        options: plainOptions(rest),
      };
      const w = new Worker(new URL('./trainWorker.js', import.meta.url), { execArgv: workerExecArgv() });
      worker = w;
      // Snapshots crossing threads are conflated here as in the online loops, for a slow consumer here.
      const snapshots = new ConflatedSnapshots();
      w.on('message', (m: FromWorker) => {
        if (subscriber.closed) return;
        if (m.type === 'event') {
          const event =
            m.event.type === 'snapshot'
              ? snapshots.event(
                  m.event.step,
                  m.event.H.data as Float64Array,
                  m.event.H.rows,
                  m.event.H.cols,
                  true,
                )
              : reviveEvent(m.event);
          subscriber.next(event);
          watched.next(event);
        } else if (m.type === 'complete') {
          end();
          subscriber.complete();
        } else {
          end();
          const cause = new RivuletError(
            (m.error.kind as RivuletError['kind']) ?? 'worker',
            m.error.stage ?? stageOf(),
            m.error.stage ? m.error.message.slice(m.error.stage.length + 2) : m.error.message,
            { parameter: m.error.parameter },
          );
          subscriber.error(
            new RivuletError(
              'worker',
              cause.stage,
              `worker thread failed: ${cause.message.slice(cause.stage.length + 2)}`,
              {
                parameter: cause.parameter,
                cause,
              },
            ),
          );
        }
      });
      w.on('error', (error) => {
        if (done || subscriber.closed) return;
        end();
        subscriber.error(
          new RivuletError('worker', stageOf(), `worker thread failed: ${error.message}`, { cause: error }),
        );
      });
      w.on('exit', (code) => {
        if (done || subscriber.closed) return;
        done = true;
        subscriber.error(
          new RivuletError('worker', stageOf(), `worker thread exited with code ${code} before its result`),
        );
      });
      try {
        w.postMessage(message);
      } catch (error) {
        // A DataCloneError: some option is not plain data (a function, a class instance).
        invalidOption(
          'trainInWorker',
          'options',
          `plain data that can cross into a worker thread (${(error as Error).message})`,
          rest,
        );
      }
      // A stop rule (earlyStopping) runs here, on the events as they arrive from the worker.
      const stop$ = stopNotifier('trainInWorker', stop, watched)?.pipe(take(1));
      stopSubscription = stop$?.subscribe(() => w.postMessage({ type: 'stop' } satisfies ToWorker));
    } catch (error) {
      end();
      subscriber.error(error);
    }
    return () => {
      if (!done) end();
    };
  });
}

/**
 * The host's Node flags without `--input-type`, which a worker inherits but which only applies to `-e`
 * code: a file-based worker started from `node --input-type=module -e …` would otherwise fail to load.
 */
function workerExecArgv(): string[] | undefined {
  const argv = process.execArgv;
  // Left undefined, Node passes the host's flags on itself and tolerates V8 flags such as
  // --max-old-space-size, which it refuses in an explicit execArgv (ERR_WORKER_INVALID_EXEC_ARGV).
  if (!argv.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i].startsWith('--input-type=')) out.push(argv[i]);
  }
  return out;
}

/** The data as typed arrays that survive a structured clone (copied: the caller keeps its matrix). */
function matrixData(matrix: CsrMatrix | DenseMatrix | DocTermMatrix): MatrixData {
  const m = CsrMatrix.is(matrix) || DenseMatrix.is(matrix) ? matrix : matrix?.matrix;
  if (CsrMatrix.is(m)) {
    return { kind: 'csr', rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, data: m.data };
  }
  if (DenseMatrix.is(m)) return { kind: 'dense', ...denseData(m) };
  throw new RivuletError(
    'invalid-input',
    'trainInWorker',
    `matrix must be a CsrMatrix, a DenseMatrix or a DocTermMatrix, got ${describeValue(matrix)}`,
    { parameter: 'matrix' },
  );
}

/** A plugin's address must be strings, and a plugin stage takes a document-term matrix. */
function checkWorkerRef(plugin: WorkerRef, matrix: unknown): void {
  if (typeof plugin.module !== 'string' || plugin.module === '' || typeof plugin.export !== 'string') {
    invalidOption(
      'trainInWorker',
      'decomposer',
      'a built-in name or a WorkerRef { module, export } of strings',
      plugin,
    );
  }
  const m = matrix as DocTermMatrix | null;
  if (m === null || typeof m !== 'object' || !Array.isArray(m.vocabulary) || !Array.isArray(m.ids)) {
    invalidOption('trainInWorker', 'matrix', 'a DocTermMatrix (a plugin stage takes one)', matrix);
  }
}

/** What a document-term matrix carries besides its values, for a plugin stage in the worker. */
function documentsData(matrix: CsrMatrix | DenseMatrix | DocTermMatrix): DocumentsData {
  const { vocabulary, ids, weighting } = matrix as DocTermMatrix;
  return { vocabulary, ids, weighting };
}

/** Options as plain data: a custom init's matrices become `{ rows, cols, data }`. */
function plainOptions(options: Record<string, unknown>): Record<string, unknown> {
  const init = options.init as { W?: unknown; H?: unknown } | undefined;
  if (init === null || typeof init !== 'object') return options;
  const plain = (m: unknown) => (DenseMatrix.is(m) ? denseData(m) : m);
  return { ...options, init: { ...(init.W === undefined ? {} : { W: plain(init.W) }), H: plain(init.H) } };
}
