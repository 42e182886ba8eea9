import { Worker } from 'node:worker_threads';
import {
  type DocTermMatrix,
  describeValue,
  invalidOption,
  isPluginDescriptor,
  isPluginFactory,
  isPluginModule,
  isStopOption,
  type PluginDescriptor,
  type PluginFactory,
  type PluginModule,
  RivuletError,
  type StopOption,
  stopNotifier,
  type TrainingEvent,
  type WorkerRef,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { Observable, Subject, type Subscription, take } from 'rxjs';
import { ConflatedSnapshots } from '../online/ConflatedSnapshots.js';
import {
  type DocumentsData,
  denseData,
  type FromWorker,
  type MatrixData,
  reviveEvent,
  type ToWorker,
} from './workerMessages.js';

/**
 * Options of {@link trainInWorker}: the plugin's own (`O`), without a scheduler (it cannot cross threads);
 * `stop` is forwarded as a message and `worker: true` is accepted (it is what this function does).
 */
export type WorkerTrainingOptions<O = Record<string, unknown>> = Omit<O, 'scheduler' | 'worker' | 'stop'> & {
  readonly stop?: StopOption;
  readonly worker?: true;
};

/**
 * What {@link trainInWorker} runs: a decomposer plugin (its factory, a module made by it, or its
 * descriptor) whose descriptor declares the `worker` capability, or a {@link WorkerRef} itself.
 */
// biome-ignore lint/suspicious/noExplicitAny: any plugin's options, as core's registry types hold them
export type WorkerPlugin<O extends object = any> =
  | PluginFactory<O, DocTermMatrix, TrainingEvent>
  | PluginModule<O, DocTermMatrix, TrainingEvent>
  | PluginDescriptor<O, DocTermMatrix, TrainingEvent>
  | WorkerRef;

/**
 * Trains a decomposer in a `node:worker_threads` worker, so that the host's event loop stays free, with the
 * same cold `Observable<TrainingEvent>` as in the host thread. The worker knows no decomposer: it imports
 * what the plugin's `worker` capability names (a module specifier or file URL and an export, see
 * {@link WorkerRef}) — the built-in plugins and a third party's alike — and runs it on a copy of the
 * matrix, so events and factors are bit-identical to the in-thread run; factors come back as transferred
 * buffers. The export is either a `definePlugin` factory, whose stage is created with `options` (the
 * module's options first, for a module or descriptor) and applied to the matrix, or a training function
 * `(matrix, options) => Observable<TrainingEvent>` (as `trainNmf` and `trainOnlineNmf` use for their
 * `worker: true`).
 *
 * - A `DocTermMatrix` reaches the stage whole (vocabulary, ids, weighting); a raw `CsrMatrix` or
 *   `DenseMatrix` reaches it as it is (the built-in NMF stages take one; a plugin that needs the
 *   vocabulary needs a `DocTermMatrix`).
 * - Unsubscribing (a hard cancel) terminates the worker at once (`worker.terminate()`, which interrupts
 *   even an epoch under way) and frees everything it held.
 * - A graceful `stop` (AbortSignal, Observable or a stop rule such as `earlyStopping`, which runs here on
 *   the forwarded events) reaches the worker through shared memory, read at each of its run's events, and
 *   as a message: the worker finishes the epoch or batch under way, sends one `result` with
 *   `stopped: true` and the stream completes — even when its loop does not yield between epochs.
 * - An error inside the worker arrives on the error channel as a RivuletError of kind `worker`, named
 *   after the stage that raised it (`nmf: worker thread failed: …`), with the original error as `cause`
 *   (a RivuletError of its original kind).
 *
 * @example
 * ```ts
 * import { nmfCdModule, trainInWorker } from '@rivulet/decomposition';
 * trainInWorker(nmfCdModule, docTerm, { components: 50 }).subscribe((e) => e.type === 'epoch' && console.log(e.loss));
 * trainInWorker(kmeansModule, docTerm, { components: 8 }); // a third party's plugin, the same way
 * ```
 */
export function trainInWorker<O extends object>(
  plugin: PluginFactory<O, DocTermMatrix, TrainingEvent>,
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: WorkerTrainingOptions<O>,
): Observable<TrainingEvent>;
export function trainInWorker(
  plugin: WorkerPlugin,
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options?: Readonly<Record<string, unknown>>,
): Observable<TrainingEvent>;
export function trainInWorker(
  plugin: WorkerPlugin,
  matrix: CsrMatrix | DenseMatrix | DocTermMatrix,
  options: Readonly<Record<string, unknown>> = {},
): Observable<TrainingEvent> {
  return new Observable<TrainingEvent>((subscriber) => {
    let worker: Worker | undefined;
    let stopSubscription: Subscription | undefined;
    let done = false;
    const watched = new Subject<TrainingEvent>();
    let stage = 'trainInWorker';
    const end = () => {
      watched.complete();
      done = true;
      stopSubscription?.unsubscribe();
      void worker?.terminate();
    };
    try {
      const { ref, descriptor } = workerRefOf(plugin);
      stage = descriptor?.name ?? ref.export;
      if (options === null || typeof options !== 'object') {
        invalidOption('trainInWorker', 'options', 'an object', options);
      }
      // `worker: true` (the flag that routes here) is already honoured; `false` contradicts the call.
      const { stop, worker: inWorker, ...given } = options as Record<string, unknown>;
      if (inWorker !== undefined && inWorker !== true) {
        invalidOption(
          'trainInWorker',
          'worker',
          'true or undefined (this function always uses a worker)',
          inWorker,
        );
      }
      // A module's or descriptor's own options travel with the call's: the worker imports the bare factory.
      const rest = descriptor ? (descriptor.resolveOptions(given) as Record<string, unknown>) : given;
      if (rest.scheduler !== undefined) {
        invalidOption(
          'trainInWorker',
          'scheduler',
          'undefined (a scheduler cannot cross into a worker thread)',
          rest.scheduler,
        );
      }
      if (stop !== undefined && !isStopOption(stop)) {
        invalidOption('trainInWorker', 'stop', 'an AbortSignal, an Observable or a stop rule', stop);
      }
      const stopFlag = stop === undefined ? undefined : new Int32Array(new SharedArrayBuffer(4));
      const message: ToWorker = {
        type: 'start',
        ref: { module: ref.module, export: ref.export },
        ...(stopFlag ? { stopFlag } : {}),
        ...(isDocTermMatrix(matrix) ? { documents: documentsData(matrix) } : {}),
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
            m.error.stage ?? stage,
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
          new RivuletError('worker', stage, `worker thread failed: ${error.message}`, { cause: error }),
        );
      });
      w.on('exit', (code) => {
        if (done || subscriber.closed) return;
        done = true;
        subscriber.error(
          new RivuletError('worker', stage, `worker thread exited with code ${code} before its result`),
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
      stopSubscription = stop$?.subscribe(() => {
        if (stopFlag) Atomics.store(stopFlag, 0, 1);
        w.postMessage({ type: 'stop' } satisfies ToWorker);
      });
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
 * Where the worker imports the plugin from, read from its descriptor's `worker` capability (or given as a
 * WorkerRef), and the descriptor when there is one.
 */
function workerRefOf(plugin: WorkerPlugin): { ref: WorkerRef; descriptor?: PluginDescriptor } {
  const descriptor =
    isPluginFactory(plugin) || isPluginModule(plugin)
      ? plugin.descriptor
      : isPluginDescriptor(plugin)
        ? plugin
        : undefined;
  const ref = descriptor ? descriptor.capabilities.worker : (plugin as WorkerRef | null);
  if (
    ref === null ||
    typeof ref !== 'object' ||
    typeof ref.module !== 'string' ||
    ref.module === '' ||
    typeof ref.export !== 'string' ||
    ref.export === ''
  ) {
    invalidOption(
      'trainInWorker',
      'plugin',
      descriptor
        ? `a plugin that can run in a worker thread (${JSON.stringify(descriptor.name)} declares no worker capability: the module and export a worker imports)`
        : 'a decomposer plugin (its factory, module or descriptor) with a worker capability, or a WorkerRef { module, export } of strings',
      plugin,
    );
  }
  return { ref, descriptor };
}

function isDocTermMatrix(matrix: unknown): matrix is DocTermMatrix {
  const m = matrix as DocTermMatrix | null;
  return (
    m !== null &&
    typeof m === 'object' &&
    !CsrMatrix.is(m) &&
    !DenseMatrix.is(m) &&
    Array.isArray(m.vocabulary) &&
    Array.isArray(m.ids)
  );
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

/** What a document-term matrix carries besides its values, for a plugin stage in the worker. */
function documentsData(matrix: DocTermMatrix): DocumentsData {
  const { vocabulary, ids, weighting } = matrix;
  return { vocabulary, ids, weighting };
}

/** Options as plain data: a custom init's matrices become `{ rows, cols, data }`. */
function plainOptions(options: Record<string, unknown>): Record<string, unknown> {
  const init = options.init as { W?: unknown; H?: unknown } | undefined;
  if (init === null || typeof init !== 'object') return options;
  const plain = (m: unknown) => (DenseMatrix.is(m) ? denseData(m) : m);
  return { ...options, init: { ...(init.W === undefined ? {} : { W: plain(init.W) }), H: plain(init.H) } };
}
