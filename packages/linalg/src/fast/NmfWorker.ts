import { Worker } from 'node:worker_threads';
import type { WasmMemory } from './wasmApi.js';

/** Command codes shared with nmfWorkerMain.ts. */
export const WORKER_MU = 0;
export const WORKER_CD = 1;
export const WORKER_GRAM = 2;
const WORKER_EXIT = 3;
/** How long the caller waits for a worker before giving up (its start includes compiling the kernels). */
const TIMEOUT_MS = 120_000;

/**
 * A worker thread running the NMF kernels on the same shared WebAssembly memory, driven synchronously
 * through Atomics (the caller posts one command, does its own share, then waits): no message passing
 * and no event-loop turn per half step. The thread is unref'd, so it never keeps the process alive.
 *
 * @example
 * ```ts
 * // internal: FastNmf with threads: 2
 * const worker = new NmfWorker(bytes, memory);
 * worker.post(WORKER_MU, [start, end, ...addresses]);
 * worker.wait();
 * ```
 */
export class NmfWorker {
  private readonly worker: Worker;
  private readonly ctl: Int32Array;
  private readonly result: Float64Array;
  private seq = 0;
  private closed = false;

  constructor(bytes: Uint8Array, memory: WasmMemory) {
    const control = new SharedArrayBuffer(128);
    this.ctl = new Int32Array(control, 0, 16);
    this.result = new Float64Array(control, 64, 1);
    this.worker = new Worker(new URL('./nmfWorkerMain.js', import.meta.url), {
      workerData: { bytes, memory, control },
    });
    this.worker.unref();
  }

  /** Starts `cmd` with integer arguments on the worker. */
  post(cmd: number, args: readonly number[]): void {
    this.ctl[2] = cmd;
    for (let i = 0; i < args.length; i++) this.ctl[3 + i] = args[i];
    this.seq++;
    Atomics.store(this.ctl, 0, this.seq);
    Atomics.notify(this.ctl, 0);
  }

  /** Blocks until the posted command is done; returns its f64 result (the CD violation). */
  wait(): number {
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(this.ctl, 1);
      if (done === this.seq) return this.result[0];
      if (Date.now() - started > TIMEOUT_MS) {
        throw new Error(`FastNmf: the worker thread did not answer within ${TIMEOUT_MS} ms`);
      }
      Atomics.wait(this.ctl, 1, done, 1000);
    }
  }

  /** Stops the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.post(WORKER_EXIT, []);
    void this.worker.terminate();
  }
}
