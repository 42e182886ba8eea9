import { CsrMatrix } from '../CsrMatrix.js';
import { giveBackMemory, takeMemory } from '../fast/memoryPool.js';
import type { WasmMemory } from '../fast/wasmApi.js';
import { csrTransposeMulDense } from '../kernels/csrTransposeMulDense.js';
import { BlockThread, CMD_GATHER, CMD_SCATTER } from './blockThread.js';
import { type BlockKernels, blockKernels, blockModule } from './blockWasm.js';
import { csrTimesBlock } from './csrTimesBlock.js';
import { type DenseOps, DenseWorkspaceOps, denseModule, jsDense } from './denseOps.js';

/** Bytes of WebAssembly memory the workspace may take (Node 20 allows 4 GiB; stay well inside). */
const WASM_LIMIT = 2 ** 31;
/**
 * Blocks of each product when two threads share it: rows for `X·B`, ranges of columns (of `out`'s
 * rows) for `Xᵀ·B`. Four lets one thread take over most of the other's share when it is delayed.
 */
const BLOCKS = 4;

/** Where each array of the workspace starts in the memory, in bytes. */
interface Layout {
  readonly xPtr: number;
  readonly xIdx: number;
  readonly xVal: number;
  readonly qn: number;
  readonly qm: number;
  readonly scratch: number;
  readonly small: number;
  /** `BLOCKS − 1` arrays of `m` entry positions: where each row's columns of block b + 1 begin. */
  readonly splits: number;
  readonly bytes: number;
}

/**
 * The randomized SVD's sparse matrix `X` (`m × n`, CSR) and the blocks its products move between
 * (`qn: n × l` and `qm: m × l`), laid out in one WebAssembly memory so the products run as the
 * SIMD kernels of `blockWasm.ts` — or, when WebAssembly SIMD is missing, the matrix does not fit in 2 GiB
 * or the caller asks, as their TypeScript twins on the same arrays, with the same bits. Only `X` is
 * stored: `Xᵀ·B` is a scatter over `X`'s rows, so no transpose is ever built; when `X` is `Aᵀ` it is
 * written straight into the memory.
 * @internal
 */
export class BlockWorkspace {
  readonly x: CsrMatrix;
  /** `m × l`, row-major. */
  readonly qm: Float64Array;
  /** `n × l`, row-major. */
  readonly qn: Float64Array;
  /** `max(m, n) × l` of scratch, in the same memory so the dense passes can run on it. */
  readonly scratch: Float64Array;
  /**
   * The Gram and small-product passes over the blocks (WebAssembly SIMD when the products are, for
   * products with `k` columns; the same bits as the loops), the Gram and triangular passes on the
   * products' two threads when they have two.
   */
  readonly dense: DenseOps;
  private readonly l: number;
  private readonly kernels: BlockKernels | null;
  private readonly layout: Layout;
  /** The process's second thread and this workspace's id there, when the products run on two threads. */
  private readonly thread: BlockThread | null = null;
  private readonly threadId: number = 0;
  /** (row0, row1, lo, hi) per block of `X·B` and of `Xᵀ·B`. */
  private readonly gatherTable: Int32Array = new Int32Array(0);
  private readonly scatterTable: Int32Array = new Int32Array(0);

  /**
   * @param a the matrix; `X` is `a`, or `aᵀ` when `transposed`
   * @param l the block width
   * @param k the columns of the final small products (the components wanted)
   * @param threads 2 runs the sparse products and the large dense passes on two threads (with WebAssembly
   *   and Node's worker threads; else one), with the same bits as one
   */
  constructor(a: CsrMatrix, transposed: boolean, l: number, useWasm: boolean, k = l, threads: 1 | 2 = 1) {
    const m = transposed ? a.cols : a.rows;
    const n = transposed ? a.rows : a.cols;
    const nnz = a.nnz;
    const layout = planLayout(m, n, nnz, l, DenseWorkspaceOps.smallBytes(l, k));
    this.layout = layout;
    this.l = l;
    let buffer: ArrayBufferLike;
    let memory: object | null = null;
    const wasm = useWasm && layout.bytes <= WASM_LIMIT;
    const thread = wasm && threads === 2 ? BlockThread.get() : null;
    const shared = thread !== null;
    if (wasm) {
      const wasmMemory = takeMemory(layout.bytes, shared);
      memory = wasmMemory;
      this.memory = wasmMemory;
      buffer = wasmMemory.buffer;
    } else buffer = new ArrayBuffer(layout.bytes);
    const ptr = new Int32Array(buffer, layout.xPtr, m + 1);
    const idx = new Int32Array(buffer, layout.xIdx, nnz);
    const val = new Float64Array(buffer, layout.xVal, nnz);
    if (transposed) this.x = a.transposeInto(ptr, idx, val);
    else {
      ptr.set(a.indptr);
      idx.set(a.indices);
      val.set(a.data);
      this.x = new CsrMatrix(m, n, ptr, idx, val);
    }
    this.qn = new Float64Array(buffer, layout.qn, n * l);
    this.qm = new Float64Array(buffer, layout.qm, m * l);
    this.scratch = new Float64Array(buffer, layout.scratch, Math.max(m, n) * l);
    const module = memory === null ? null : compiledModule(l, shared);
    this.kernels = module === null || memory === null ? null : blockKernels(module, memory);
    const denseKernels = this.kernels !== null && memory !== null && DenseWorkspaceOps.fits(l, k);
    const scatterTable =
      thread !== null && this.kernels !== null ? columnBlocks(this.x, layout, buffer) : null;
    if (thread !== null && scatterTable !== null && module !== null && memory !== null) {
      this.thread = thread;
      this.threadId = thread.attach(module, memory, denseKernels ? denseModule(l, k, shared) : null);
      detachOnCollect.register(this, { thread, id: this.threadId }, this);
      this.gatherTable = rowBlocks(this.x, layout);
      this.scatterTable = scatterTable;
    }
    this.dense = denseKernels
      ? new DenseWorkspaceOps(
          l,
          k,
          memory as { buffer: ArrayBufferLike },
          layout.small,
          shared,
          this.thread === null ? null : (cmd, table, runBlock) => this.runDense(cmd, table, runBlock),
        )
      : jsDense;
  }

  /** A dense pass's blocks on both threads; false (nothing run) once the second thread is let go. */
  private runDense(cmd: number, table: Int32Array, runBlock: (b: number) => void): boolean {
    if (this.threads === 1) return false;
    (this.thread as BlockThread).run(cmd, [this.threadId], 0, table, runBlock);
    return true;
  }

  /** Lets the second thread, if any, drop this workspace's memory (the workspace stays usable on one). */
  close(): void {
    const thread = this.thread;
    if (thread === null || this.closed) return;
    this.closed = true;
    detachOnCollect.unregister(this);
    thread.detach(this.threadId);
  }

  private closed = false;
  /** The WebAssembly memory the arrays live in (null on the TypeScript path). */
  private readonly memory: WasmMemory | null = null;

  /**
   * Closes the workspace and gives its memory back for the next engine of the process (see `takeMemory`):
   * the workspace and every view of it (`x`, `qm`, `qn`, `scratch`) must not be used again.
   */
  release(): void {
    this.close();
    if (this.memory !== null) giveBackMemory(this.memory);
  }

  /** Whether the products run on two threads. */
  get threads(): 1 | 2 {
    return this.thread !== null && !this.closed ? 2 : 1;
  }

  /** Whether the products run as WebAssembly SIMD. */
  get wasm(): boolean {
    return this.kernels !== null;
  }

  /** `qm = scale·X·qn` (the scaling after the sums, as the kernel does it). */
  timesX(scale = 1): void {
    const { kernels, layout, x, qm } = this;
    if (kernels === null) {
      csrTimesBlock(x, this.l, this.qn, qm);
      if (scale !== 1) for (let p = 0; p < qm.length; p++) qm[p] *= scale;
    } else this.product(CMD_GATHER, layout.qn, layout.qm, scale);
  }

  /** `qn = Xᵀ·qm`. */
  transposeTimesQm(): void {
    const { kernels, x, l } = this;
    const qn = this.qn;
    if (kernels === null) {
      csrTransposeMulDense(x.rows, x.cols, l, x.indptr, x.indices, x.data, this.qm, qn);
    } else {
      qn.fill(0);
      this.product(CMD_SCATTER, this.layout.qm, this.layout.qn, 0);
    }
  }

  /**
   * `X·B` (`CMD_GATHER`, times `scale`) or `out += Xᵀ·B` (`CMD_SCATTER`) from the block at byte address
   * `b` into the one at `out`: on one thread as one call over all rows, on two as the blocks of its table,
   * claimed by either thread.
   */
  private product(cmd: number, b: number, out: number, scale: number): void {
    const kernels = this.kernels as BlockKernels;
    const { xPtr, xIdx, xVal } = this.layout;
    const kernel = cmd === CMD_GATHER ? kernels.csrTimesBlock : kernels.csrTransposeTimesBlock;
    if (this.threads === 1) {
      kernel(0, this.x.rows, xPtr, xPtr + 4, xIdx, xVal, b, out, scale);
      return;
    }
    const table = cmd === CMD_GATHER ? this.gatherTable : this.scatterTable;
    (this.thread as BlockThread).run(cmd, [this.threadId, xIdx, xVal, b, out], scale, table, (block) => {
      const t = 4 * block;
      kernel(table[t], table[t + 1], table[t + 2], table[t + 3], xIdx, xVal, b, out, scale);
    });
  }
}

/** The kernels' module, or null where WebAssembly SIMD is not available (the views then serve the plain loops). */
function compiledModule(l: number, shared: boolean): object | null {
  try {
    return blockModule(l, shared);
  } catch {
    return null;
  }
}

const detachOnCollect = new FinalizationRegistry<{ thread: BlockThread; id: number }>(({ thread, id }) =>
  thread.detach(id),
);

/**
 * {@link BLOCKS} ranges of whole rows of `X` with about equal work (non-zeros plus a row's own cost), for
 * `X·B`: each row's output is its own, so any split gives the same bits.
 */
function rowBlocks(x: CsrMatrix, layout: Layout): Int32Array {
  const m = x.rows;
  const cost = (row: number) => x.indptr[row] + 2 * row;
  const table = new Int32Array(4 * BLOCKS);
  let start = 0;
  for (let b = 0; b < BLOCKS; b++) {
    let end = m;
    if (b < BLOCKS - 1) {
      const target = (cost(m) * (b + 1)) / BLOCKS;
      end = start;
      while (end < m && cost(end) < target) end++;
    }
    table.set([start, end, layout.xPtr, layout.xPtr + 4], 4 * b);
    start = end;
  }
  return table;
}

/**
 * {@link BLOCKS} ranges of columns of `X` with about equal non-zeros, for `Xᵀ·B`: block b scatters, row by
 * row, only the entries of its columns, so each row of the output gets the same terms in the same order as
 * from the whole product (the columns of a CSR row are ascending, so a row's entries of one range are
 * contiguous). Writes where each row's entries of block b ≥ 1 begin into the `splits` arrays; null (one
 * thread, then) for a matrix whose columns do not ascend in every row.
 */
function columnBlocks(x: CsrMatrix, layout: Layout, buffer: ArrayBufferLike): Int32Array | null {
  const { rows: m, cols: n, indptr, indices } = x;
  // Ranges of columns are contiguous in a row only when its columns ascend (CsrMatrix's contract, which
  // its constructor does not check): otherwise two blocks could write one output row at once, so the
  // products stay on one thread.
  for (let i = 0; i < m; i++) {
    for (let p = indptr[i] + 1; p < indptr[i + 1]; p++) if (indices[p] <= indices[p - 1]) return null;
  }
  const counts = new Float64Array(n + 1);
  for (let p = 0; p < x.nnz; p++) counts[indices[p] + 1]++;
  for (let j = 0; j < n; j++) counts[j + 1] += counts[j];
  const firstColumns = [0];
  for (let b = 1; b < BLOCKS; b++) {
    const target = (x.nnz * b) / BLOCKS;
    let c = firstColumns[b - 1];
    while (c < n && counts[c] < target) c++;
    firstColumns.push(c);
  }
  // Every row's splits in one walk along it (the first columns ascend), not one walk per block.
  const splits = Array.from(
    { length: BLOCKS - 1 },
    (_, b) => new Int32Array(buffer, layout.splits + b * m * 4, m),
  );
  for (let i = 0; i < m; i++) {
    let p = indptr[i];
    const end = indptr[i + 1];
    for (let b = 1; b < BLOCKS; b++) {
      const c = firstColumns[b];
      while (p < end && indices[p] < c) p++;
      splits[b - 1][i] = p;
    }
  }
  const table = new Int32Array(4 * BLOCKS);
  let lo = layout.xPtr;
  for (let b = 1; b <= BLOCKS; b++) {
    const hi = b < BLOCKS ? layout.splits + (b - 1) * m * 4 : layout.xPtr + 4;
    table.set([0, m, lo, hi], 4 * (b - 1));
    lo = hi;
  }
  return table;
}

/** Byte offsets of every array, each on a 16-byte boundary. */
function planLayout(m: number, n: number, nnz: number, l: number, smallBytes: number): Layout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  const xPtr = take((m + 1) * 4);
  const xIdx = take(nnz * 4);
  const xVal = take(nnz * 8);
  const qn = take(n * l * 8);
  const qm = take(m * l * 8);
  const scratch = take(Math.max(m, n) * l * 8);
  const small = take(smallBytes);
  const splits = take((BLOCKS - 1) * m * 4);
  return { xPtr, xIdx, xVal, qn, qm, scratch, small, splits, bytes: at };
}
