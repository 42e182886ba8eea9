import { CsrMatrix } from '../CsrMatrix.js';
import { wasmApi } from '../fast/wasmApi.js';
import { csrTransposeMulDense } from '../kernels/csrTransposeMulDense.js';
import { type BlockKernels, blockKernels } from './blockWasm.js';
import { csrTimesBlock } from './csrTimesBlock.js';
import { type DenseOps, DenseWorkspaceOps, jsDense } from './denseOps.js';

/** Bytes of WebAssembly memory the workspace may take (Node 20 allows 4 GiB; stay well inside). */
const WASM_LIMIT = 2 ** 31;

/** Where each array of the workspace starts in the memory, in bytes. */
interface Layout {
  readonly xPtr: number;
  readonly xIdx: number;
  readonly xVal: number;
  readonly qn: number;
  readonly qm: number;
  readonly scratch: number;
  readonly small: number;
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
   * products with `k` columns; the same bits as the loops).
   */
  readonly dense: DenseOps;
  private readonly l: number;
  private readonly kernels: BlockKernels | null;
  private readonly layout: Layout;

  /**
   * @param a the matrix; `X` is `a`, or `aᵀ` when `transposed`
   * @param l the block width
   */
  constructor(a: CsrMatrix, transposed: boolean, l: number, useWasm: boolean, k = l) {
    const m = transposed ? a.cols : a.rows;
    const n = transposed ? a.rows : a.cols;
    const nnz = a.nnz;
    const layout = planLayout(m, n, nnz, l, DenseWorkspaceOps.smallBytes(l, k));
    this.layout = layout;
    this.l = l;
    let buffer: ArrayBuffer;
    let memory: object | null = null;
    if (useWasm && layout.bytes <= WASM_LIMIT) {
      const pages = Math.max(1, Math.ceil(layout.bytes / 65536));
      const wasmMemory = new wasmApi.Memory({ initial: pages, maximum: pages });
      memory = wasmMemory;
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
    this.kernels = memory === null ? null : compiled(l, memory);
    this.dense =
      this.kernels !== null && memory !== null && DenseWorkspaceOps.fits(l, k)
        ? new DenseWorkspaceOps(l, k, memory as { buffer: ArrayBufferLike }, layout.small)
        : jsDense;
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
    } else
      kernels.csrTimesBlock(0, x.rows, layout.xPtr, layout.xIdx, layout.xVal, layout.qn, layout.qm, scale);
  }

  /** `qn = Xᵀ·qm`. */
  transposeTimesQm(): void {
    const { kernels, layout, x, l } = this;
    const qn = this.qn;
    if (kernels === null) {
      csrTransposeMulDense(x.rows, x.cols, l, x.indptr, x.indices, x.data, this.qm, qn);
    } else {
      qn.fill(0);
      kernels.csrTransposeTimesBlock(0, x.rows, layout.xPtr, layout.xIdx, layout.xVal, layout.qm, layout.qn);
    }
  }
}

/** The kernels, or null where WebAssembly SIMD is not available (the views then serve the plain loops). */
function compiled(l: number, memory: object): BlockKernels | null {
  try {
    return blockKernels(l, memory);
  } catch {
    return null;
  }
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
  return { xPtr, xIdx, xVal, qn, qm, scratch, small, bytes: at };
}
