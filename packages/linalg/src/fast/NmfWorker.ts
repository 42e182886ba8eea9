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
 * Layout of the control block (i32 slots) shared with nmfWorkerMain.ts: posted and finished sequence
 * numbers, the command, its common arguments, the next unclaimed block, the number of blocks, then one
 * (start, end, scratch, G) quadruple per block.
 */
export const CTL = { seq: 0, done: 1, cmd: 2, args: 3, claim: 14, blocks: 15, table: 16 } as const;
/** Most blocks a command may have. */
export const MAX_BLOCKS = 16;
const RESULTS_AT = (CTL.table + 4 * MAX_BLOCKS) * 4;

/**
 * A worker thread running the NMF kernels on the same shared WebAssembly memory, driven synchronously
 * through Atomics: the caller posts a command over a table of row blocks, then both threads claim
 * blocks one at a time (`Atomics.add` on a shared counter) until none is left, so a thread the
 * operating system delays simply runs fewer blocks. Each block writes only its own partial results, so
 * who ran it never changes a bit of the outcome. No message passing and no event-loop turn per half
 * step. The thread is unref'd, so it never keeps the process alive.
 *
 * @example
 * ```ts
 * // internal: FastNmf with threads: 2
 * const worker = new NmfWorker(bytes, memory);
 * worker.post(WORKER_MU, [ptr, idx, val, F, O, G], table);
 * for (let b = worker.claim(); b >= 0; b = worker.claim()) runBlock(b);
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
    const ctl = this.ctl;
    ctl[CTL.cmd] = cmd;
    for (let i = 0; i < args.length; i++) ctl[CTL.args + i] = args[i];
    ctl[CTL.blocks] = table.length / 4;
    ctl.set(table, CTL.table);
    ctl[CTL.claim] = 0;
    this.seq++;
    Atomics.store(ctl, CTL.seq, this.seq);
    Atomics.notify(ctl, CTL.seq);
  }

  /** Claims the next block of the posted command for the caller's thread; -1 when none is left. */
  claim(): number {
    const b = Atomics.add(this.ctl, CTL.claim, 1);
    return b < this.ctl[CTL.blocks] ? b : -1;
  }

  /** Blocks until the worker has finished its share of the posted command. */
  wait(): void {
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(this.ctl, CTL.done);
      if (done === this.seq) return;
      if (Date.now() - started > TIMEOUT_MS) {
        throw new Error(`FastNmf: the worker thread did not answer within ${TIMEOUT_MS} ms`);
      }
      Atomics.wait(this.ctl, CTL.done, done, 1000);
    }
  }

  /** Stops the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.post(WORKER_EXIT, [], new Int32Array(0));
    void this.worker.terminate();
  }
}
