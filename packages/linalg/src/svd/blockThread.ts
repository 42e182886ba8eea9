import type { MessagePort, Worker } from 'node:worker_threads';
import {
  CTL,
  claimBlock,
  claimTag,
  finishBlock,
  MAX_BLOCKS,
  postCommand,
  waitFinished,
} from '../threads/claims.js';
import { nodeBuiltin } from '../threads/nodeBuiltin.js';

/** Commands shared with blockWorkerMain.ts. */
export const CMD_GATHER = 1;
export const CMD_SCATTER = 2;
/** Wakes the worker to read its port (attach/detach) without work. */
export const CMD_NONE = 3;
/** The dense passes' blocks (see `denseOps.ts`): a block's arguments are its table entries. */
export const CMD_GRAM = 4;
export const CMD_TIMES_UPPER = 5;
/**
 * Bytes of the control block: the claim protocol's slots, one f64 (the gather's scale), then two i32:
 * the blocks of sparse products and of dense passes the worker has run so far (for tests and benchmarks).
 */
export const SCALE_AT = (CTL.table + 4 * MAX_BLOCKS) * 4;
export const COUNT_AT = SCALE_AT + 8;
const CONTROL_BYTES = COUNT_AT + 8;
/** How long the caller waits for blocks the worker claimed (its start includes loading its module). */
const TIMEOUT_MS = 120_000;

/**
 * The randomized SVD's second thread: one worker shared by the SVDs open at once, started on first use
 * (unref'd, so it never keeps the process alive) and ended when the last one detaches — its loop never
 * yields to the event loop, so its isolate would otherwise never collect the detached memories. A
 * workspace attaches its compiled kernels and shared memory under an id (a message read synchronously
 * by the worker when it next wakes), then each product is posted as a command over a table of blocks
 * that both threads claim until none is left (see `claims.ts`): when the worker is still starting or the
 * machine is busy, the caller simply runs every block itself. Blocks write disjoint outputs and are
 * summed in the same order whoever runs them, so results never depend on the thread count.
 * @internal
 */
export class BlockThread {
  private static shared: BlockThread | null | undefined;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ctl: Int32Array;
  private readonly scale: Float64Array;
  /** Blocks of sparse products, then of dense passes, the worker has run. */
  private readonly count: Int32Array;
  private seq = 0;
  private nextId = 1;
  /**
   * Set once the last attached workspace is detached (the worker then ends, see blockWorkerMain.ts) or the
   * worker has exited: the next get() starts a new worker rather than attach to one that is ending.
   */
  private retired = false;
  private attached = 0;

  /** The process's worker, started now if need be; null where Node's worker threads are missing. */
  static get(): BlockThread | null {
    // A worker ends once its last workspace is detached (see blockWorkerMain.ts): start another.
    if (BlockThread.shared?.retired === true) BlockThread.shared = undefined;
    if (BlockThread.shared === undefined) {
      const threads = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
      try {
        BlockThread.shared = threads === undefined ? null : new BlockThread(threads);
      } catch {
        BlockThread.shared = null;
      }
    }
    return BlockThread.shared;
  }

  private constructor(threads: typeof import('node:worker_threads')) {
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    this.ctl = new Int32Array(control, 0, SCALE_AT / 4);
    this.scale = new Float64Array(control, SCALE_AT, 1);
    this.count = new Int32Array(control, COUNT_AT, 2);
    const { port1, port2 } = new threads.MessageChannel();
    this.port = port1;
    this.worker = new threads.Worker(new URL('./blockWorkerMain.js', import.meta.url), {
      workerData: { control, port: port2 },
      transferList: [port2],
    });
    // A worker that fails to start simply never claims a block.
    this.worker.on('error', () => {});
    this.worker.on('exit', () => {
      this.retired = true;
    });
    this.worker.unref();
    this.port.unref();
  }

  /** Blocks of sparse products the worker has run since the process started. */
  get workerBlocks(): number {
    return Atomics.load(this.count, 0);
  }

  /** Blocks of dense passes (Gram, triangular product) the worker has run since the process started. */
  get workerDenseBlocks(): number {
    return Atomics.load(this.count, 1);
  }

  /**
   * Makes `memory`, the sparse kernels `module` and the dense kernels `dense` (null: none) known to the
   * worker; returns the id to post commands with.
   */
  attach(module: object, memory: object, dense: object | null = null): number {
    const id = this.nextId++;
    this.attached++;
    this.port.postMessage({ id, module, memory, dense });
    return id;
  }

  /** Lets the worker drop what `attach` gave it (the memory is freed once neither thread holds it). */
  detach(id: number): void {
    this.port.postMessage({ id, detach: true });
    if (--this.attached === 0) this.retired = true;
    this.seq++;
    postCommand(this.ctl, this.seq, CMD_NONE, [id], new Int32Array(0));
  }

  /**
   * Runs command `cmd` (`args`: workspace id, then the kernel's common addresses) over the blocks of
   * `table` (row0, row1, lo, hi per block), the caller's thread running `runBlock` for each block it
   * claims, and returns when all are done.
   */
  run(
    cmd: number,
    args: readonly number[],
    scale: number,
    table: Int32Array,
    runBlock: (b: number) => void,
  ): void {
    this.seq++;
    this.scale[0] = scale;
    postCommand(this.ctl, this.seq, cmd, args, table);
    const tag = claimTag(this.seq);
    for (let b = claimBlock(this.ctl, tag); b >= 0; b = claimBlock(this.ctl, tag)) {
      runBlock(b);
      finishBlock(this.ctl);
    }
    waitFinished(this.ctl, TIMEOUT_MS, 'randomizedSvd');
  }
}
