import {
  type CsrMatrix,
  csrTimesBlockKernel,
  csrTransposeTimesBlockKernel,
  gramKernel,
  SIMD,
  WasmFunction,
  wasmApi,
  wasmModule,
  wasmSimdSupported,
} from '@rivulet/linalg';
import { EPSILON } from '../solvers/epsilon.js';

/** Widest k the online kernels are emitted for (they are unrolled over the components). */
export const MAX_ONLINE_COMPONENTS = 128;
/** Pairs of components whose denominators are summed side by side (independent chains of additions). */
const PAIRS = 4;

// Core opcodes (WebAssembly Core Specification 2.0, §5.4).
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_LT_S = 0x48;
const F64_EQ = 0x61;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const F64_SUB = 0xa1;
const SELECT = 0x1b;

/**
 * `hUpdate(m, H, A, B, Ht, XtW, WtWT, den, rho)`: MiniBatchNMF's online H update for the Frobenius loss
 * without penalties, one column j of H at a time (all addresses in bytes; `H`, `A`, `B` are k × m,
 * `Ht` and `XtW` m × k, `WtWT` = (WᵀW)ᵀ k × k, `den` k doubles of scratch):
 * `den_c = Σ_r (WᵀW)[c, r]·H[r, j]` in order of r from +0 (the order of `gemm`, whose skipped zero
 * coefficients add nothing here either), a zero made float32 epsilon, then
 * `A ← A·ρ + (XᵀW)[j, c]·H`, `B ← B·ρ + den`, `H = A / B`, written to both H and Hᵀ — exactly the
 * operations, in the order, of `OnlineNmf`'s plain update, so H, A and B come out bit for bit the same.
 * On the way it sums ‖H_new − H_old‖² and ‖H_new‖² (column by column) into `den[k]` and `den[k + 1]`:
 * the relative change MiniBatchNMF's convergence test reads, without another pass over H.
 */
function hUpdate(k: number): WasmFunction {
  const [M, H, A, B, HT, XTW, WTWT, DEN, RHO] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64'], []);
  const j = f.local('i32');
  const ht = f.local('i32');
  const xt = f.local('i32');
  const p = f.local('i32');
  const mb = f.local('i32');
  const acc = Array.from({ length: PAIRS }, () => f.local('v128'));
  const splat = f.local('v128');
  const d = f.local('f64');
  const h = f.local('f64');
  const a = f.local('f64');
  const b = f.local('f64');
  const h0 = f.local('f64');
  const diff = f.local('f64');
  const norm = f.local('f64');
  const rowBytes = k * 8;
  f.f64Const(0).set(diff);
  f.f64Const(0).set(norm);
  f.get(M).i32Const(8).op(I32_MUL).set(mb);
  f.i32Const(0).set(j);
  f.get(HT).set(ht);
  f.get(XTW).set(xt);
  f.whileLoop(
    () => f.get(j).get(M).op(I32_LT_S),
    () => {
      // den for every component, from the column's old values.
      for (let c0 = 0; c0 + 1 < k; c0 += 2 * PAIRS) {
        const cs: number[] = [];
        for (let c = c0; c + 1 < k && c < c0 + 2 * PAIRS; c += 2) cs.push(c);
        for (let q = 0; q < cs.length; q++) f.v128f64(0).set(acc[q]);
        for (let r = 0; r < k; r++) {
          f.get(ht)
            .simdMem(SIMD.load64Splat, r * 8, 3)
            .set(splat);
          for (let q = 0; q < cs.length; q++) {
            f.get(acc[q])
              .get(splat)
              .get(WTWT)
              .simdMem(SIMD.load, (r * k + cs[q]) * 8, 3)
              .simd(SIMD.f64x2Mul)
              .simd(SIMD.f64x2Add)
              .set(acc[q]);
          }
        }
        for (let q = 0; q < cs.length; q++)
          f.get(DEN)
            .get(acc[q])
            .simdMem(SIMD.store, cs[q] * 8, 3);
      }
      if (k % 2 === 1) {
        const c = k - 1;
        f.f64Const(0);
        for (let r = 0; r < k; r++) {
          f.get(ht).mem(F64_LOAD, 3, r * 8);
          f.get(WTWT)
            .mem(F64_LOAD, 3, (r * k + c) * 8)
            .op(F64_MUL)
            .op(F64_ADD);
        }
        f.set(d);
        f.get(DEN)
          .get(d)
          .mem(F64_STORE, 3, c * 8);
      }
      // The update, component by component; p = c·m·8 + j·8 walks down column j of H, A and B.
      f.get(j).i32Const(8).op(I32_MUL).set(p);
      for (let c = 0; c < k; c++) {
        // d = den == 0 ? EPSILON : den
        f.f64Const(EPSILON)
          .get(DEN)
          .mem(F64_LOAD, 3, c * 8)
          .tee(d)
          .get(d)
          .f64Const(0)
          .op(F64_EQ)
          .op(SELECT);
        f.set(d);
        f.get(ht)
          .mem(F64_LOAD, 3, c * 8)
          .tee(h)
          .set(h0);
        f.get(A).get(p).op(I32_ADD).mem(F64_LOAD, 3, 0).get(RHO).op(F64_MUL);
        f.get(xt)
          .mem(F64_LOAD, 3, c * 8)
          .get(h)
          .op(F64_MUL)
          .op(F64_ADD)
          .set(a);
        f.get(B).get(p).op(I32_ADD).mem(F64_LOAD, 3, 0).get(RHO).op(F64_MUL).get(d).op(F64_ADD).set(b);
        f.get(A).get(p).op(I32_ADD).get(a).mem(F64_STORE, 3, 0);
        f.get(B).get(p).op(I32_ADD).get(b).mem(F64_STORE, 3, 0);
        f.get(a).get(b).op(F64_DIV).set(h);
        // diff += (h − h0)², norm += h²
        f.get(diff).get(h).get(h0).op(F64_SUB).tee(a).get(a).op(F64_MUL).op(F64_ADD).set(diff);
        f.get(norm).get(h).get(h).op(F64_MUL).op(F64_ADD).set(norm);
        f.get(H).get(p).op(I32_ADD).get(h).mem(F64_STORE, 3, 0);
        f.get(ht)
          .get(h)
          .mem(F64_STORE, 3, c * 8);
        if (c + 1 < k) f.get(p).get(mb).op(I32_ADD).set(p);
      }
      f.get(j).i32Const(1).op(I32_ADD).set(j);
      f.get(ht).i32Const(rowBytes).op(I32_ADD).set(ht);
      f.get(xt).i32Const(rowBytes).op(I32_ADD).set(xt);
    },
  );
  f.get(DEN)
    .get(diff)
    .mem(F64_STORE, 3, k * 8);
  f.get(DEN)
    .get(norm)
    .mem(F64_STORE, 3, (k + 1) * 8);
  return f;
}

interface OnlineExports {
  hUpdate(
    m: number,
    H: number,
    A: number,
    B: number,
    Ht: number,
    XtW: number,
    WtWT: number,
    den: number,
    rho: number,
  ): void;
  gram(rows: number, y: number, g: number): void;
  csrTimesBlock(
    r0: number,
    r1: number,
    lo: number,
    hi: number,
    idx: number,
    val: number,
    b: number,
    out: number,
    scale: number,
  ): void;
  csrTransposeTimesBlock(
    r0: number,
    r1: number,
    lo: number,
    hi: number,
    idx: number,
    val: number,
    b: number,
    out: number,
  ): void;
}

const modules = new Map<number, object>();

/** Byte offsets of the engine's arrays in its memory. */
interface Layout {
  readonly H: number;
  readonly A: number;
  readonly B: number;
  readonly Ht: number;
  readonly XtW: number;
  readonly WtWT: number;
  readonly den: number;
  readonly G: number;
  readonly indptr: number;
  readonly indices: number;
  readonly data: number;
  readonly W: number;
  readonly XHt: number;
  readonly bytes: number;
}

function planLayout(k: number, m: number, rows: number, nnz: number): Layout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  const km = k * m * 8;
  return {
    H: take(km),
    A: take(km),
    B: take(km),
    Ht: take(km),
    XtW: take(km),
    WtWT: take(k * k * 8),
    den: take((k + 2) * 8),
    G: take(k * k * 8),
    indptr: take((rows + 1) * 4),
    indices: take(nnz * 4),
    data: take(nnz * 8),
    W: take(rows * k * 8),
    XHt: take(rows * k * 8),
    get bytes() {
      return at;
    },
  };
}

/**
 * The fused engine of online NMF (issue 12 item 3) for k components and m terms: H, its running sums A
 * and B, Hᵀ and XᵀW live in one WebAssembly memory (the model's arrays are views on it, so every other
 * step of the model reads and writes them as before), with room for a batch of rows. The k²·m passes of
 * a mini-batch step run as SIMD kernels emitted for k — the H update (`WᵀW·H`, the sums and the ratio, in
 * one pass over the columns, bit for bit the plain update) and `HHᵀ` as the Gram matrix of Hᵀ, which the
 * next step's W update and loss read — and so do the batch's sparse products `X_b·Hᵀ` and `X_bᵀ·W`
 * (linalg's block kernels). `HHᵀ` and the sparse products sum in another order than the plain kernels,
 * so the factors agree with the plain path to rounding, not bit for bit. Emitting and compiling is paid
 * once per k and process.
 * @internal
 */
export class OnlineKernels {
  H!: Float64Array<ArrayBuffer>;
  A!: Float64Array<ArrayBuffer>;
  B!: Float64Array<ArrayBuffer>;
  Ht!: Float64Array<ArrayBuffer>;
  XtW!: Float64Array<ArrayBuffer>;
  private layout!: Layout;
  private WtWT!: Float64Array;
  private G!: Float64Array;
  private den!: Float64Array;
  private W!: Float64Array;
  private XHt!: Float64Array;
  private indptr!: Int32Array;
  private indices!: Int32Array;
  private data!: Float64Array;
  private exports!: OnlineExports;
  private rowsCap = 0;
  private nnzCap = 0;

  /** Whether the kernels can run here for k components. */
  static available(k: number): boolean {
    return k <= MAX_ONLINE_COMPONENTS && wasmSimdSupported();
  }

  /** @param rows, nnz the batch size to make room for (more is made when a batch needs it) */
  constructor(
    private readonly k: number,
    private readonly m: number,
    rows: number,
    nnz: number,
  ) {
    this.allocate(rows, nnz);
  }

  /** A memory for batches up to `rows` rows and `nnz` entries; H, A, B and Hᵀ move over when there were some. */
  private allocate(rows: number, nnz: number): void {
    const { k, m } = this;
    const layout = planLayout(k, m, rows, nnz);
    const pages = Math.max(1, Math.ceil(layout.bytes / 65536));
    const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
    const buffer = memory.buffer;
    const f64 = (at: number, n: number) => new Float64Array(buffer, at, n);
    const km = k * m;
    const old = this.layout === undefined ? null : [this.H, this.A, this.B, this.Ht];
    this.layout = layout;
    this.H = f64(layout.H, km);
    this.A = f64(layout.A, km);
    this.B = f64(layout.B, km);
    this.Ht = f64(layout.Ht, km);
    this.XtW = f64(layout.XtW, km);
    if (old !== null) {
      this.H.set(old[0]);
      this.A.set(old[1]);
      this.B.set(old[2]);
      this.Ht.set(old[3]);
    }
    this.WtWT = f64(layout.WtWT, k * k);
    this.G = f64(layout.G, k * k);
    this.den = f64(layout.den, k + 2);
    this.indptr = new Int32Array(buffer, layout.indptr, rows + 1);
    this.indices = new Int32Array(buffer, layout.indices, nnz);
    this.data = f64(layout.data, nnz);
    this.W = f64(layout.W, rows * k);
    this.XHt = f64(layout.XHt, rows * k);
    this.rowsCap = rows;
    this.nnzCap = nnz;
    let module = modules.get(k);
    if (module === undefined) {
      module = new wasmApi.Module(
        wasmModule(
          [hUpdate(k), gramKernel(k), csrTimesBlockKernel(k), csrTransposeTimesBlockKernel(k)],
          ['hUpdate', 'gram', 'csrTimesBlock', 'csrTransposeTimesBlock'],
        ),
      );
      modules.set(k, module);
    }
    this.exports = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as OnlineExports;
  }

  /**
   * Copies rows `[offset, offset + rows)` of X in as the current batch. Returns true when that needed a
   * larger memory: H, A, B, Hᵀ and XᵀW are then new views (with the same values) the caller must adopt.
   */
  loadBatch(X: CsrMatrix, offset: number, rows: number): boolean {
    const base = X.indptr[offset];
    const nnz = X.indptr[offset + rows] - base;
    const grow = rows > this.rowsCap || nnz > this.nnzCap;
    if (grow) this.allocate(Math.max(rows, this.rowsCap), Math.max(nnz, this.nnzCap));
    const indptr = this.indptr;
    for (let i = 0; i <= rows; i++) indptr[i] = X.indptr[offset + i] - base;
    this.indices.set(X.indices.subarray(base, base + nnz));
    this.data.set(X.data.subarray(base, base + nnz));
    return grow;
  }

  /** `out = X_b·Hᵀ` (rows × k) for the batch loaded; `Ht` must hold H's transpose. */
  timesHt(rows: number, out: Float64Array): void {
    const L = this.layout;
    this.exports.csrTimesBlock(0, rows, L.indptr, L.indptr + 4, L.indices, L.data, L.Ht, L.XHt, 1);
    out.set(this.XHt.subarray(0, rows * this.k));
  }

  /** `XtW = X_bᵀ·w` (terms × k) for the batch loaded and its W (rows × k). */
  transposeTimes(rows: number, w: Float64Array): void {
    const L = this.layout;
    this.W.set(w.subarray(0, rows * this.k));
    this.XtW.fill(0);
    this.exports.csrTransposeTimesBlock(0, rows, L.indptr, L.indptr + 4, L.indices, L.data, L.W, L.XtW);
  }

  /**
   * The online H update from `WtW` (k × k) and the numerator already in `XtW`, with forgetting weight
   * `rho`; `Ht` must hold H's transpose. Leaves H, A, B and Hᵀ updated.
   */
  updateH(WtW: Float64Array, rho: number): void {
    const { k, WtWT } = this;
    const L = this.layout;
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) WtWT[r * k + c] = WtW[c * k + r];
    this.exports.hUpdate(this.m, L.H, L.A, L.B, L.Ht, L.XtW, L.WtWT, L.den, rho);
  }

  /**
   * ‖H_new − H_old‖ / ‖H_new‖ of the last {@link updateH} (scikit-learn's `H_diff`, summed column by
   * column rather than row by row).
   */
  lastChange(): number {
    const k = this.k;
    return Math.sqrt(this.den[k]) / Math.sqrt(this.den[k + 1]);
  }

  /** `HHt = H·Hᵀ` (k × k) as the Gram matrix of `Ht`. */
  gramH(HHt: Float64Array): void {
    const { k, G } = this;
    G.fill(0);
    this.exports.gram(this.m, this.layout.Ht, this.layout.G);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) HHt[a * k + b] = b >= a ? G[a * k + b] : G[b * k + a];
  }
}
