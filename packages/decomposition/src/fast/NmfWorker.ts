import { Worker } from 'node:worker_threads';
import {
  CTL,
  claimBlock,
  claimTag,
  finishBlock,
  MAX_BLOCKS,
  postCommand,
  type WasmMemory,
  waitFinished,
} from '@rivulet/linalg';

export { MAX_BLOCKS };

/** Command codes shared with nmfWorkerMain.ts. */
export const WORKER_MU = 0;
export const WORKER_CD = 1;
export const WORKER_GRAM = 2;
const WORKER_EXIT = 3;
export const WORKER_CROSS = 4;
/** How long the caller waits for a worker before giving up (its start includes compiling the kernels). */
const TIMEOUT_MS = 120_000;

const RESULTS_AT = (CTL.table + 4 * MAX_BLOCKS) * 4;

/**
 * A worker thread running the NMF kernels on the same shared WebAssembly memory, driven synchronously
 * through Atomics: the caller posts a command over a table of row blocks, then both threads claim
 * blocks one at a time (compare-and-swap on a shared claim word) until none is left, so a thread the
 * operating system delays simply runs fewer blocks, and the caller waits for the blocks to be finished,
 * not for the worker to wake up. Each block writes only its own partial results, so who ran it never
 * changes a bit of the outcome. No message passing and no event-loop turn per half step. The thread
 * is unref'd, so it never keeps the process alive.
 *
 * @example
 * ```ts
 * // internal: FastNmf with threads: 2
 * const worker = new NmfWorker(bytes, memory);
 * worker.post(WORKER_MU, [ptr, idx, val, F, O, G], table);
 * for (let b = worker.claim(); b >= 0; b = worker.claim()) {
 *   runBlock(b);
 *   worker.finish();
 * }
 * worker.wait();
 * ```
 */
export class NmfWorker {
  private readonly worker: Worker;
  private readonly ctl: Int32Array;
  /** One f64 result (the CD violation) per block, written by whichever thread ran it. */
  readonly results: Float64Array;
  private seq = 0;
  private closed = false;

  constructor(bytes: Uint8Array, memory: WasmMemory) {
    const control = new SharedArrayBuffer(RESULTS_AT + 8 * MAX_BLOCKS);
    this.ctl = new Int32Array(control, 0, RESULTS_AT / 4);
    this.results = new Float64Array(control, RESULTS_AT, MAX_BLOCKS);
    this.worker = new Worker(new URL('./nmfWorkerMain.js', import.meta.url), {
      workerData: { bytes, memory, control },
    });
    this.worker.unref();
  }

  /**
   * Starts `cmd` with its common integer arguments over the blocks of `table` ((start, end, scratch,
   * G) per block) on the worker.
   */
  post(cmd: number, args: readonly number[], table: Int32Array): void {
    this.seq++;
    postCommand(this.ctl, this.seq, cmd, args, table);
  }

  /** Claims the next block of the posted command for the caller's thread; -1 when none is left. */
  claim(): number {
    return claimBlock(this.ctl, claimTag(this.seq));
  }

  /** Counts a block the caller's thread has finished. */
  finish(): void {
    finishBlock(this.ctl);
  }

  /** Blocks until every block of the posted command is finished (by either thread). */
  wait(): void {
    waitFinished(this.ctl, TIMEOUT_MS, 'FastNmf');
  }

  /** Stops the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.post(WORKER_EXIT, [], new Int32Array(0));
    void this.worker.terminate();
  }
}
