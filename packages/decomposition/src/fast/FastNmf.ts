import {
  CsrMatrix,
  chooseThreads,
  DenseMatrix,
  giveBackMemory,
  takeMemory,
  type WasmMemory,
  wasmSimdSupported,
} from '@rivulet/linalg';
import { MAX_BLOCKS, NmfWorker, WORKER_CD, WORKER_CROSS, WORKER_GRAM, WORKER_MU } from './NmfWorker.js';
import { jsCdHalf, jsCrossAdd, jsGramAdd, jsMuHalf, type Views } from './nmfJs.js';
import {
  crossAt,
  type Dtype,
  instantiateNmfWasm,
  type NmfWasmExports,
  nmfWasmModule,
  PRECISION,
  type Precision,
  paddedWidth,
  scratchBytes,
} from './nmfWasm.js';

/**
 * The kernels are emitted unrolled over the components, so their size grows with k² (about 2 MB of
 * code at 256); beyond this the default backend is 'js'.
 */
export const MAX_WASM_COMPONENTS = 256;

/**
 * Blocks of rows per half step, whatever the thread count: each has its own partial Gram matrix and
 * cross term, summed in block order, so results never depend on which thread ran which block. Eight
 * lets one thread take over most of the other's share when the operating system delays it.
 */
const BLOCKS = 8;

/** Which update rule {@link FastNmf} runs. */
export type FastNmfSolver = 'mu' | 'cd';
/** Which implementation runs the loops: WebAssembly SIMD or plain TypeScript (bit-identical factors). */
export type FastNmfBackend = 'wasm' | 'js';

/** Options of {@link FastNmf}. */
export interface FastNmfOptions {
  solver: FastNmfSolver;
  /** Default: 'wasm' when the runtime supports WebAssembly SIMD and k ≤ {@link MAX_WASM_COMPONENTS}, else 'js'. */
  backend?: FastNmfBackend;
  /**
   * 1 or 2 (default: {@link chooseThreads}: 2 only for a wasm backend, an iteration of at least 32 M
   * multiply-adds and a core to spare). The rows are always split in the same blocks whose Gram
   * matrices are added in a fixed order, so the result does not depend on this number.
   */
  threads?: number;
  /**
   * 'float64' (default) or 'float32': factors, Gram matrices and A's values stored as float32 (as
   * scikit-learn keeps float32 input), half the memory and twice the SIMD lanes (f32x4).
   */
  dtype?: Dtype;
  /**
   * false holds H fixed: each iteration is the W half step only (scikit-learn's `transform`, a refit of
   * W), and Aᵀ is never built. Default true.
   */
  updateH?: boolean;
}

interface Layout {
  xPtr: number;
  xIdx: number;
  xVal: number;
  tPtr: number;
  tIdx: number;
  tVal: number;
  W: number;
  Ht: number;
  GW: number;
  GH: number;
  parts: { scratch: number; G: number }[];
  bytes: number;
}

/**
 * A fused, allocation-free engine for Frobenius NMF (no regularisation) on a sparse `A` (rows × cols):
 * one call of {@link FastNmf.iterate} is one iteration of scikit-learn's multiplicative updates (Lee &
 * Seung 2001, "Algorithms for non-negative matrix factorization") or coordinate descent (Hsieh & Dhillon
 * 2011, "Fast coordinate descent methods with variable selection for non-negative matrix
 * factorization"), W first then H, from the same numbers.
 *
 * What makes it fast: `H` is kept transposed (`Hᵀ`: cols × k) and `Aᵀ` is kept in CSR, so both half
 * steps are the same row sweep `F ← update(F, A·O, F·(OᵀO))`; each row's numerator, denominator and
 * update are fused (no rows × k temporaries), and the Gram matrix of the updated factor is accumulated
 * in the same pass, ready for the other half step. Loops run in WebAssembly SIMD (f64x2) generated for
 * this `k` at construction, or in plain TypeScript with the same summation order.
 *
 * Differences from scikit-learn are rounding only: `HHᵀ`, `WᵀW` and `(WᵀW)·H` are summed in a different
 * order than OpenBLAS does (the loss agrees to ~1e-12 relative after tens of iterations).
 *
 * @example
 * ```ts
 * import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
 * import { FastNmf } from '@rivulet/decomposition';
 * const A = CsrMatrix.fromDense([[1, 0, 2], [0, 3, 1]]);
 * const nmf = new FastNmf(A, DenseMatrix.fromRows([[1], [1]]), DenseMatrix.fromRows([[1, 1, 1]]), { solver: 'mu' });
 * for (let i = 0; i < 50; i++) nmf.iterate();
 * nmf.loss(); // ‖A − WH‖_F
 * ```
 */
export class FastNmf {
  readonly rows: number;
  readonly cols: number;
  readonly components: number;
  readonly solver: FastNmfSolver;
  readonly backend: FastNmfBackend;
  readonly threads: number;
  readonly updateH: boolean;
  /** The violation (sum of absolute projected gradients) of the last CD iteration; 0 for MU. */
  violation = 0;
  /** ⟨A, WH⟩ as the last H half step left it; NaN before the first iteration. */
  private cross = Number.NaN;
  readonly dtype: Dtype;
  private readonly kp: number;
  private readonly eb: number;
  private readonly layout: Layout;
  private readonly views: Views;
  /** The WebAssembly memory everything above lives in (given back by {@link release}). */
  private readonly memory: WasmMemory;
  private released = false;
  private readonly wasm: NmfWasmExports | undefined;
  private readonly worker: NmfWorker | undefined;
  private readonly normA: number;
  /** The blocks of rows of A (for W) and of Aᵀ (for Hᵀ): (start, end, scratch, G) per block. */
  private readonly tableX: Int32Array;
  private readonly tableT: Int32Array;
  /** One result (the CD violation) per block. */
  private readonly results: Float64Array;

  constructor(A: CsrMatrix, W0: DenseMatrix, H0: DenseMatrix, options: FastNmfOptions) {
    const k = W0.cols;
    if (!CsrMatrix.is(A)) throw new TypeError('FastNmf: A must be a CsrMatrix');
    if (W0.rows !== A.rows || H0.rows !== k || H0.cols !== A.cols || k < 1) {
      throw new RangeError(
        `FastNmf: W0 must be ${A.rows} × k and H0 k × ${A.cols} with k ≥ 1, got W0 ${W0.rows} × ${W0.cols} and H0 ${H0.rows} × ${H0.cols}`,
      );
    }
    if (options.solver !== 'mu' && options.solver !== 'cd') {
      throw new RangeError(`FastNmf: solver must be 'mu' or 'cd', got ${String(options.solver)}`);
    }
    const backend = options.backend ?? (wasmSimdSupported() && k <= MAX_WASM_COMPONENTS ? 'wasm' : 'js');
    if (backend !== 'wasm' && backend !== 'js') {
      throw new RangeError(`FastNmf: backend must be 'wasm' or 'js', got ${String(backend)}`);
    }
    if (backend === 'wasm' && k > MAX_WASM_COMPONENTS) {
      throw new RangeError(
        `FastNmf: backend 'wasm' supports up to ${MAX_WASM_COMPONENTS} components (its kernels are unrolled over them), got ${k}`,
      );
    }
    const threads = options.threads ?? chooseThreads((A.nnz + (A.rows + A.cols) * k) * k, backend === 'wasm');
    if (threads !== 1 && threads !== 2) {
      throw new RangeError(`FastNmf: threads must be 1 or 2, got ${String(threads)}`);
    }
    if (threads === 2 && backend !== 'wasm') {
      throw new RangeError("FastNmf: threads: 2 needs backend 'wasm'");
    }
    this.threads = threads;
    this.rows = A.rows;
    this.cols = A.cols;
    this.components = k;
    this.solver = options.solver;
    this.backend = backend;
    const dtype = options.dtype ?? 'float64';
    if (dtype !== 'float64' && dtype !== 'float32') {
      throw new RangeError(`FastNmf: dtype must be 'float64' or 'float32', got ${String(dtype)}`);
    }
    this.dtype = dtype;
    const updateH = options.updateH ?? true;
    if (updateH !== true && updateH !== false) {
      throw new RangeError(`FastNmf: updateH must be true or false, got ${String(updateH)}`);
    }
    this.updateH = updateH;
    const P = PRECISION[dtype];
    const eb = P.eb;
    this.eb = eb;
    const kp = paddedWidth(k, P);
    this.kp = kp;
    // With H fixed only its Gram matrix is needed from the columns' side: Aᵀ would be dead weight.
    const layout = planLayout(A.rows, A.cols, A.nnz, updateH ? A.nnz : 0, k, kp, P);
    this.layout = layout;
    const shared = threads === 2;
    // A memory the randomized SVD of the start has just given back, when it is large enough: V8 would
    // free that one only at some later major collection, and the engine's would come on top of it.
    const memory = takeMemory(layout.bytes, shared);
    this.memory = memory;
    const buffer = memory.buffer;
    this.views = {
      f: dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer),
      i32: new Int32Array(buffer),
      round: dtype === 'float32' ? Math.fround : (x: number) => x,
      lanes: P.lanes,
    };
    const { f: f64, i32 } = this.views;
    i32.set(A.indptr, layout.xPtr / 4);
    i32.set(A.indices, layout.xIdx / 4);
    f64.set(A.data, layout.xVal / eb);
    // In float64 Aᵀ is written straight into the engine's memory: allocated in JavaScript and copied, a
    // second transpose stayed alive through training until a major collection. float32 values are
    // rounded on the way in, so that path transposes first and copies.
    let At: CsrMatrix | undefined;
    if (updateH && dtype === 'float64') {
      At = A.transposeInto(
        new Int32Array(buffer, layout.tPtr, A.cols + 1),
        new Int32Array(buffer, layout.tIdx, A.nnz),
        new Float64Array(buffer, layout.tVal, A.nnz),
      );
    } else if (updateH) {
      At = A.transpose();
      i32.set(At.indptr, layout.tPtr / 4);
      i32.set(At.indices, layout.tIdx / 4);
      f64.set(At.data, layout.tVal / eb);
    }
    for (let i = 0; i < A.rows; i++) f64.set(W0.row(i), layout.W / eb + i * kp);
    const ht = layout.Ht / eb;
    for (let c = 0; c < k; c++) {
      const hrow = H0.row(c);
      for (let j = 0; j < A.cols; j++) f64[ht + j * kp + c] = hrow[j];
    }
    let normA = 0;
    for (let p = 0; p < A.nnz; p++) normA += f64[layout.xVal / eb + p] ** 2;
    this.normA = normA;
    if (backend === 'wasm') {
      const { bytes, module } = nmfWasmModule(k, dtype, shared);
      this.wasm = instantiateNmfWasm(module, memory);
      this.worker = threads === 2 ? new NmfWorker(bytes, memory) : undefined;
      // An engine dropped without close() must not leave its thread waiting forever.
      if (this.worker !== undefined) closeOnCollect.register(this, this.worker, this.worker);
    }
    this.tableX = blockTable(balancedBounds(A.indptr, A.rows, k), layout);
    // Without Aᵀ the column blocks only compute HHᵀ: balanced by rows alone (no non-zeros to count).
    this.tableT = blockTable(balancedBounds(At?.indptr ?? new Int32Array(A.cols + 1), A.cols, k), layout);
    this.results = this.worker?.results ?? new Float64Array(MAX_BLOCKS);
    this.gram(layout.W, this.tableX, layout.GW);
    this.gram(layout.Ht, this.tableT, layout.GH);
  }

  /** One iteration: W updated against the current H, then (unless H is fixed) H against the new W. */
  iterate(): void {
    this.checkLive('iterate');
    const L = this.layout;
    const kind = this.solver === 'mu' ? WORKER_MU : WORKER_CD;
    const a = this.runBlocks(kind, [L.xPtr, L.xIdx, L.xVal, L.W, L.Ht, L.GH], this.tableX, L.GW);
    const b = this.updateH
      ? this.runBlocks(kind, [L.tPtr, L.tIdx, L.tVal, L.Ht, L.W, L.GW], this.tableT, L.GH)
      : 0;
    this.violation = a + b;
    // The last half step left ⟨A, WH⟩ for the new W and H, per block: ⟨AᵀW, Hᵀ⟩ after the H half step,
    // ⟨AHᵀ, W⟩ after the W half step when H is fixed.
    this.cross = this.crossSum();
  }

  /** The blocks' partial sums of ⟨A, WH⟩ left in their scratch, summed in block and lane order. */
  private crossSum(): number {
    const L = this.layout;
    const { f, lanes } = this.views;
    const eb = this.eb;
    const at = crossAt(this.components, this.kp, PRECISION[this.dtype]) / eb;
    let cross = 0;
    for (const { scratch } of L.parts) {
      let sum = 0;
      for (let l = 0; l < lanes; l++) sum += f[scratch / eb + at + l];
      cross += sum;
    }
    return cross;
  }

  /**
   * ‖A − WH‖_F (scikit-learn's `reconstruction_err_`) as ‖A‖² − 2⟨A, WH⟩ + ⟨WᵀW, HHᵀ⟩: after an
   * iteration every term is already at hand (O(k²)); before the first, ⟨A, WH⟩ costs one pass over A.
   */
  loss(): number {
    this.checkLive('loss');
    const cross = Number.isNaN(this.cross) ? this.crossByPass() : this.cross;
    const f64 = this.views.f;
    const L = this.layout;
    const kp = this.kp;
    const eb = this.eb;
    let normWH = 0;
    for (let e = 0; e < kp * kp; e++) normWH += f64[L.GW / eb + e] * f64[L.GH / eb + e];
    const res = (this.normA + normWH - 2 * cross) / 2;
    return Math.sqrt(2 * Math.max(res, 0));
  }

  /**
   * ⟨A, WH⟩ for the factors as they are (before the first iteration), by the blocks of rows of A: the
   * same parallel SIMD pass as a half step's numerator, without the update.
   */
  private crossByPass(): number {
    const L = this.layout;
    this.runBlocks(WORKER_CROSS, [L.xPtr, L.xIdx, L.xVal, L.W, L.Ht], this.tableX, null);
    return this.crossSum();
  }

  /** A copy of W (rows × k). */
  get W(): DenseMatrix {
    return new DenseMatrix(
      this.rows,
      this.components,
      this.copyW(new Float64Array(this.rows * this.components)),
    );
  }

  /** A copy of H (k × cols). */
  get H(): DenseMatrix {
    return new DenseMatrix(
      this.components,
      this.cols,
      this.copyH(new Float64Array(this.components * this.cols)),
    );
  }

  /**
   * Writes the current W (rows × k, row-major) into `out` and returns it: a copy without a new array, for
   * a caller that already holds one of that shape (the start, say).
   * @throws RangeError when `out` does not have rows × k entries
   */
  copyW(out: Float64Array): Float64Array {
    const { rows, components: k } = this;
    this.checkLive('copyW');
    checkLength('copyW', out, rows * k, `${rows} × ${k}`);
    const base = this.layout.W / this.eb;
    for (let i = 0; i < rows; i++)
      out.set(this.views.f.subarray(base + i * this.kp, base + i * this.kp + k), i * k);
    return out;
  }

  /**
   * Writes the current H (k × cols, row-major) into `out` and returns it, as {@link copyW}.
   * @throws RangeError when `out` does not have k × cols entries
   */
  copyH(out: Float64Array): Float64Array {
    const { cols, components: k } = this;
    this.checkLive('copyH');
    checkLength('copyH', out, k * cols, `${k} × ${cols}`);
    const base = this.layout.Ht / this.eb;
    const f64 = this.views.f;
    for (let j = 0; j < cols; j++)
      for (let c = 0; c < k; c++) out[c * cols + j] = f64[base + j * this.kp + c];
    return out;
  }

  /** Stops the worker thread, if any (it is unref'd, so skipping this never keeps a process alive). */
  close(): void {
    if (this.worker === undefined) return;
    closeOnCollect.unregister(this.worker);
    this.worker.close();
  }

  /**
   * Closes the engine and gives its memory back (`@rivulet/linalg`'s `giveBackMemory`) for the next
   * engine of the process — the next training's randomized SVD, say — to reuse rather than allocate
   * beside it while this one waits for a collection. The engine is spent: `iterate`, `loss`, `W`, `H`,
   * `copyW` and `copyH` throw afterwards. Read the factors first.
   */
  release(): void {
    if (this.released) return;
    this.close();
    this.released = true;
    giveBackMemory(this.memory);
  }

  private checkLive(call: string): void {
    if (this.released) {
      throw new Error(
        `FastNmf: ${call}() after release(), which gave the engine's memory back; read the factors before releasing`,
      );
    }
  }

  /** Runs the kernel of one block: table row `b` with the common arguments of {@link runBlocks}. */
  private runBlock(kind: number, c: readonly number[], table: Int32Array, b: number): number {
    const start = table[4 * b];
    const end = table[4 * b + 1];
    const s = table[4 * b + 2];
    const Gpart = table[4 * b + 3];
    const wasm = this.wasm;
    if (wasm !== undefined) {
      if (kind === WORKER_GRAM) wasm.gramAdd(start, end, c[0], Gpart);
      else if (kind === WORKER_CROSS) wasm.crossAdd(start, end, c[0], c[1], c[2], c[3], c[4], s);
      else if (kind === WORKER_MU) wasm.muHalf(start, end, c[0], c[1], c[2], c[3], c[4], c[5], Gpart, s);
      else return wasm.cdHalf(start, end, c[0], c[1], c[2], c[3], c[4], c[5], Gpart, s);
      return 0;
    }
    const k = this.components;
    const kp = this.kp;
    const e = this.eb;
    if (kind === WORKER_GRAM) {
      jsGramAdd(this.views, k, kp, start, end, c[0] / e, Gpart / e);
      return 0;
    }
    const cross = (s + crossAt(k, kp, PRECISION[this.dtype])) / e;
    if (kind === WORKER_CROSS) {
      jsCrossAdd(this.views, kp, start, end, c[0] / 4, c[1] / 4, c[2] / e, c[3] / e, c[4] / e, s / e, cross);
      return 0;
    }
    const half = kind === WORKER_MU ? jsMuHalf : jsCdHalf;
    const v = half(
      this.views,
      k,
      kp,
      start,
      end,
      c[0] / 4,
      c[1] / 4,
      c[2] / e,
      c[3] / e,
      c[4] / e,
      c[5] / e,
      Gpart / e,
      s / e,
      cross,
    );
    return v ?? 0;
  }

  private gram(F: number, table: Int32Array, G: number): void {
    this.runBlocks(WORKER_GRAM, [F], table, G);
  }

  /**
   * Runs `kind` over every block of `table` (with two threads, both claim blocks until none is left),
   * then (unless `G` is null) sets `G` to the sum of the blocks' Gram matrices in block order and
   * mirrors it. Returns the sum of the blocks' results in block order. Common arguments: (indptr,
   * indices, data, F, O, G) for the half steps, (F) for the Gram matrix, (indptr, indices, data, F, O)
   * for the cross term.
   */
  private runBlocks(kind: number, common: readonly number[], table: Int32Array, G: number | null): number {
    const f64 = this.views.f;
    const kp = this.kp;
    const eb = this.eb;
    const n = table.length / 4;
    if (G !== null)
      for (let b = 0; b < n; b++) f64.fill(0, table[4 * b + 3] / eb, table[4 * b + 3] / eb + kp * kp);
    const results = this.results;
    const worker = this.worker;
    if (worker !== undefined) {
      worker.post(kind, common, table);
      for (let b = worker.claim(); b >= 0; b = worker.claim()) {
        results[b] = this.runBlock(kind, common, table, b);
        worker.finish();
      }
      worker.wait();
    } else for (let b = 0; b < n; b++) results[b] = this.runBlock(kind, common, table, b);
    if (G !== null) {
      const g = G / eb;
      const g0 = table[3] / eb;
      for (let e = 0; e < kp * kp; e++) {
        let sum = f64[g0 + e];
        for (let b = 1; b < n; b++) sum += f64[table[4 * b + 3] / eb + e];
        f64[g + e] = sum;
      }
      mirror(f64, kp, g);
    }
    let total = 0;
    for (let b = 0; b < n; b++) total += results[b];
    return total;
  }
}

/**
 * Where the {@link BLOCKS} blocks of rows [0, n) meet: block b starts at the first row where the
 * estimated cost of the rows before it reaches b/BLOCKS of the total. A row costs its k × k dense work
 * (1.5k² for the denominator and the Gram update) plus its gathers (7k per non-zero: each pulls a
 * k-long row of the other factor through the cache; measured at k = 50, a row's dense work takes as
 * long as about 11 gathers), so blocks with equal rows but unequal non-zeros (a vocabulary sorted
 * alphabetically is not uniform) still take about the same time. It depends only on A and k, never on
 * the thread count.
 */
function balancedBounds(indptr: Int32Array, n: number, k: number): Int32Array {
  const perRow = 1.5 * k * k;
  const perNnz = 7 * k;
  const cost = (row: number) => row * perRow + indptr[row] * perNnz;
  const bounds = new Int32Array(BLOCKS + 1);
  bounds[BLOCKS] = n;
  for (let b = 1; b < BLOCKS; b++) {
    const target = (cost(n) * b) / BLOCKS;
    let lo = bounds[b - 1];
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cost(m) < target) lo = m + 1;
      else hi = m;
    }
    bounds[b] = lo;
  }
  return bounds;
}

/** The (start, end, scratch, G) rows of the blocks between `bounds`, each with its own scratch and G. */
function blockTable(bounds: Int32Array, layout: Layout): Int32Array {
  const table = new Int32Array(4 * BLOCKS);
  for (let b = 0; b < BLOCKS; b++) {
    table.set([bounds[b], bounds[b + 1], layout.parts[b].scratch, layout.parts[b].G], 4 * b);
  }
  return table;
}

function checkLength(call: string, out: Float64Array, length: number, shape: string): void {
  if (!(out instanceof Float64Array) || out.length !== length) {
    throw new RangeError(
      `FastNmf.${call}: out must be a Float64Array of ${length} entries (${shape}), got ${out instanceof Float64Array ? `${out.length} entries` : String(out)}`,
    );
  }
}

const closeOnCollect = new FinalizationRegistry<NmfWorker>((worker) => worker.close());

/** Copies the computed upper triangle of a kp × kp Gram matrix onto the lower one. */
function mirror(f64: Float64Array | Float32Array, kp: number, G: number): void {
  for (let r = 1; r < kp; r++) for (let c = 0; c < r; c++) f64[G + r * kp + c] = f64[G + c * kp + r];
}

/** The memory plan; `nnzT` is the non-zeros kept for Aᵀ (0 when H is fixed). */
function planLayout(
  rows: number,
  cols: number,
  nnz: number,
  nnzT: number,
  k: number,
  kp: number,
  P: Precision,
): Layout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  const layout: Layout = {
    xPtr: take((rows + 1) * 4),
    xIdx: take(nnz * 4),
    xVal: take(nnz * P.eb),
    tPtr: take((cols + 1) * 4),
    tIdx: take(nnzT * 4),
    tVal: take(nnzT * P.eb),
    W: take(rows * kp * P.eb),
    Ht: take(cols * kp * P.eb),
    GW: take(kp * kp * P.eb),
    GH: take(kp * kp * P.eb),
    parts: Array.from({ length: BLOCKS }, () => ({
      scratch: take(scratchBytes(k, kp, P)),
      G: take(kp * kp * P.eb),
    })),
    bytes: 0,
  };
  layout.bytes = at;
  return layout;
}
