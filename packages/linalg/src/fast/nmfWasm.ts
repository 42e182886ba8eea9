import { MU_EPSILON } from './nmfJs.js';
import { SIMD, WasmFunction, wasmModule } from './WasmWriter.js';
import { type WasmMemory, wasmApi } from './wasmApi.js';

/**
 * Independent f64x2 sums kept in flight by every loop below. Four hide the add latency; V8 11 (Node 20)
 * starts spilling around six live v128 values, which more than halves the throughput (measured).
 */
const CHAINS = 4;
/** Rows handled together by the CD sweep (CHAINS f64x2 lane pairs). */
export const CD_GROUP = 2 * CHAINS;
/** Rows whose Gram contributions are added together (the per-entry order stays row by row). */
export const GRAM_BLOCK = 32;
/** Rows updated together by the MU sweep (CHAINS denominators in flight). */
export const MU_GROUP = CHAINS;

/** Bytes of one part's scratch: zero row, group buffers, then two doubles for the loss's cross term. */
export function scratchBytes(k: number, kp: number): number {
  return (Math.max(2 * MU_GROUP, CD_GROUP) * (k + kp) + kp) * 8 + 16;
}

/** Where in scratch the half steps leave Σ ⟨(A·O)[i], new F[i]⟩ as two partial sums (even, odd columns). */
export function crossAt(k: number, kp: number): number {
  return scratchBytes(k, kp) - 16;
}

const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const I32_LOAD = 0x28;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_LT_S = 0x48;

/** The exported kernels of one module, all taking byte addresses into the shared memory. */
export interface NmfWasmExports {
  /** One multiplicative-update half step over rows [start, end) of F; returns nothing. */
  muHalf(
    start: number,
    end: number,
    indptr: number,
    indices: number,
    data: number,
    F: number,
    O: number,
    G: number,
    Gnew: number,
    scratch: number,
  ): void;
  /** One coordinate-descent half step over rows [start, end) of F; returns the violation. */
  cdHalf(
    start: number,
    end: number,
    indptr: number,
    indices: number,
    data: number,
    F: number,
    O: number,
    G: number,
    Gnew: number,
    scratch: number,
  ): number;
  /** Adds the upper Gram chunks of rows [start, end) of F into G. */
  gramAdd(start: number, end: number, F: number, G: number): void;
}

const HALF_PARAMS = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
const P_START = 0;
const P_END = 1;
const P_INDPTR = 2;
const P_INDICES = 3;
const P_DATA = 4;
const P_F = 5;
const P_O = 6;
const P_G = 7;
const P_GNEW = 8;
const P_SCRATCH = 9;

/**
 * Emits `acc_c = Σ_p data[p] · O[indices[p], c]` over the stored entries of row `row` (an i32 local),
 * into `acc` (KP/2 v128 locals), entries in stored order: the order of scipy's CSR × dense product.
 */
function emitSparseRow(f: WasmFunction, kp: number, row: number, acc: number[], tmp: SparseLocals): void {
  for (const a of acc) f.v128f64(0).set(a);
  f.get(P_INDPTR).get(row).i32Const(4).op(I32_MUL, I32_ADD).tee(tmp.addr);
  f.mem(I32_LOAD, 2, 4).set(tmp.end);
  f.get(tmp.addr).mem(I32_LOAD, 2, 0);
  f.forRange(tmp.p, tmp.end, 1, () => {
    f.get(P_DATA).get(tmp.p).i32Const(8).op(I32_MUL, I32_ADD).simdMem(SIMD.load64Splat, 0).set(tmp.v);
    f.get(P_O).get(P_INDICES).get(tmp.p).i32Const(4).op(I32_MUL, I32_ADD).mem(I32_LOAD, 2, 0);
    f.i32Const(kp * 8)
      .op(I32_MUL, I32_ADD)
      .set(tmp.o);
    for (let c = 0; c < acc.length; c++) {
      f.get(acc[c])
        .get(tmp.v)
        .get(tmp.o)
        .simdMem(SIMD.load, c * 16)
        .simd(SIMD.f64x2Mul);
      f.simd(SIMD.f64x2Add).set(acc[c]);
    }
  });
}

interface SparseLocals {
  addr: number;
  end: number;
  p: number;
  v: number;
  o: number;
}

function sparseLocals(f: WasmFunction): SparseLocals {
  return {
    addr: f.local('i32'),
    end: f.local('i32'),
    p: f.local('i32'),
    v: f.local('v128'),
    o: f.local('i32'),
  };
}

/** Emits `gramAdd(start, end, F, G)`: row blocks of GRAM_BLOCK rows, each through {@link emitGramRange}. */
function gramAdd(k: number, kp: number): WasmFunction {
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32'], []);
  const bi = f.local('i32');
  const bEnd = f.local('i32');
  const gl = gramLocals(f);
  f.get(0).forRange(bi, 1, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, 1, bEnd);
    emitGramRange(f, k, kp, 2, bi, bEnd, 3, gl);
  });
  return f;
}

/** Emits `bEnd = min(bi + GRAM_BLOCK, end)`. */
function emitBlockEnd(f: WasmFunction, bi: number, end: number, bEnd: number): void {
  // select(end, bi + B, bi + B > end)
  f.get(end).get(bi).i32Const(GRAM_BLOCK).op(I32_ADD).tee(bEnd).get(bEnd).get(end).op(0x4a, 0x1b).set(bEnd);
}

interface GramLocals {
  a: number;
  aEnd: number;
  acc: number[];
  s: number[];
  x: number[];
}

function gramLocals(f: WasmFunction): GramLocals {
  return {
    a: f.local('i32'),
    aEnd: f.local('i32'),
    acc: Array.from({ length: 8 }, () => f.local('v128')),
    s: Array.from({ length: 4 }, () => f.local('v128')),
    x: Array.from({ length: 2 }, () => f.local('v128')),
  };
}

/**
 * Emits `G[r, c] += Σ_{i ∈ [from, to)} F[i, r] · F[i, c]` (rows ascending, so each entry is summed in
 * the same order as adding one row at a time) over the upper entries, a 4 × 4 block of G at a time held
 * in registers while the rows stream past: 6 loads per 8 f64x2 multiply-adds and no stores in the loop.
 */
function emitGramRange(
  f: WasmFunction,
  k: number,
  kp: number,
  F: number,
  from: number,
  to: number,
  G: number,
  l: GramLocals,
): void {
  const stride = kp * 8;
  for (let rb = 0; rb < k; rb += 4) {
    const nr = Math.min(4, k - rb);
    for (let cb = rb; cb < kp; cb += 4) {
      const nc = Math.min(2, (kp - cb) / 2);
      const at = (j: number, h: number) => ((rb + j) * kp + cb + 2 * h) * 8;
      for (let j = 0; j < nr; j++)
        for (let h = 0; h < nc; h++)
          f.get(G)
            .simdMem(SIMD.load, at(j, h))
            .set(l.acc[j * 2 + h]);
      f.get(F).get(to).i32Const(stride).op(I32_MUL, I32_ADD).set(l.aEnd);
      f.get(F).get(from).i32Const(stride).op(I32_MUL, I32_ADD);
      f.forRange(l.a, l.aEnd, stride, () => {
        for (let j = 0; j < nr; j++)
          f.get(l.a)
            .simdMem(SIMD.load64Splat, (rb + j) * 8)
            .set(l.s[j]);
        for (let h = 0; h < nc; h++)
          f.get(l.a)
            .simdMem(SIMD.load, (cb + 2 * h) * 8)
            .set(l.x[h]);
        for (let j = 0; j < nr; j++) {
          for (let h = 0; h < nc; h++) {
            const acc = l.acc[j * 2 + h];
            f.get(acc).get(l.s[j]).get(l.x[h]).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(acc);
          }
        }
      });
      for (let j = 0; j < nr; j++)
        for (let h = 0; h < nc; h++)
          f.get(G)
            .get(l.acc[j * 2 + h])
            .simdMem(SIMD.store, at(j, h));
    }
  }
}

/**
 * Emits `muHalf`: for each row i of F (rows × KP), `num = (A·O)[i]`, `den = F[i]·G`, then
 * `F[i] *= num / den` with a zero `den` replaced by float32 epsilon (scikit-learn's `EPSILON`); the
 * Gram matrix of the new rows is added to `Gnew` a block of GRAM_BLOCK rows at a time. Rows go MU_GROUP
 * at a time so that the denominators keep MU_GROUP independent sums in flight; each entry is still
 * summed over r in ascending order. A missing row at the end of a block is the zero row in scratch,
 * which the update leaves zero. Scratch layout: the zero row, MU_GROUP numerator rows, MU_GROUP
 * denominator rows (KP doubles each).
 */
function muHalf(k: number, kp: number): WasmFunction {
  const f = new WasmFunction(HALF_PARAMS, []);
  const R = MU_GROUP;
  const nch = kp / 2;
  const stride = kp * 8;
  const numAt = (q: number) => stride * (1 + q);
  const denAt = (q: number) => stride * (1 + R + q);
  const i = f.local('i32');
  const row = f.local('i32');
  const cc = f.local('i32');
  const ccEnd = f.local('i32');
  const d = f.local('v128');
  const g = f.local('v128');
  const bi = f.local('i32');
  const bEnd = f.local('i32');
  const sl = sparseLocals(f);
  const gl = gramLocals(f);
  const rows = Array.from({ length: R }, () => f.local('i32'));
  const num = Array.from({ length: nch }, () => f.local('v128'));
  const acc = gl.acc;
  const nm = f.local('v128');
  const cross = f.local('v128');
  f.v128f64(0).set(cross);
  f.i32Const(stride).set(ccEnd);
  f.get(P_START).forRange(bi, P_END, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, P_END, bEnd);
    f.get(bi).forRange(i, bEnd, R, () => {
      for (let q = 0; q < R; q++) {
        f.get(i).i32Const(q).op(I32_ADD).tee(row).get(bEnd).op(I32_LT_S);
        f.op(0x04, 0x40);
        f.get(P_F).get(row).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
        emitSparseRow(f, kp, row, num, sl);
        for (let c = 0; c < nch; c++)
          f.get(P_SCRATCH)
            .get(num[c])
            .simdMem(SIMD.store, numAt(q) + c * 16);
        f.op(0x05);
        f.get(P_SCRATCH).set(rows[q]);
        for (let c = 0; c < nch; c++)
          f.get(P_SCRATCH)
            .v128f64(0)
            .simdMem(SIMD.store, numAt(q) + c * 16);
        f.op(0x0b);
      }
      // den[q, c] = Σ_r F[q, r] · G[r, c], r ascending from 0: one chunk × R rows per pass.
      f.i32Const(0).forRange(cc, ccEnd, 16, () => {
        for (let q = 0; q < R; q++) f.v128f64(0).set(acc[q]);
        for (let r = 0; r < k; r++) {
          f.get(P_G)
            .get(cc)
            .op(I32_ADD)
            .simdMem(SIMD.load, r * stride)
            .set(g);
          for (let q = 0; q < R; q++) {
            f.get(acc[q])
              .get(rows[q])
              .simdMem(SIMD.load64Splat, r * 8)
              .get(g)
              .simd(SIMD.f64x2Mul);
            f.simd(SIMD.f64x2Add).set(acc[q]);
          }
        }
        for (let q = 0; q < R; q++)
          f.get(P_SCRATCH).get(cc).op(I32_ADD).get(acc[q]).simdMem(SIMD.store, denAt(q));
      });
      for (let q = 0; q < R; q++) {
        for (let c = 0; c < nch; c++) {
          // d = den == 0 ? eps : den; F = F * (num / d)
          f.get(P_SCRATCH)
            .simdMem(SIMD.load, denAt(q) + c * 16)
            .set(d);
          f.v128f64(MU_EPSILON).get(d).get(d).v128f64(0).simd(SIMD.f64x2Eq).simd(SIMD.bitselect).set(d);
          f.get(rows[q]).simdMem(SIMD.load, c * 16);
          f.get(P_SCRATCH)
            .simdMem(SIMD.load, numAt(q) + c * 16)
            .tee(nm)
            .get(d)
            .simd(SIMD.f64x2Div);
          f.simd(SIMD.f64x2Mul).set(d);
          f.get(rows[q])
            .get(d)
            .simdMem(SIMD.store, c * 16);
          // cross += num · new F (lane 0: even columns, lane 1: odd), for the loss
          f.get(cross).get(nm).get(d).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(cross);
        }
      }
    });
    emitGramRange(f, k, kp, P_F, bi, bEnd, P_GNEW, gl);
  });
  f.get(P_SCRATCH).get(cross).simdMem(SIMD.store, crossAt(k, kp));
  return f;
}

/**
 * Emits `cdHalf`: the coordinate-descent sweep of scikit-learn's `_update_cdnmf_fast` (Hsieh & Dhillon
 * 2011) with rows as the outer loop (rows are independent, so each entry sees exactly the same
 * operations as in the component-outer order), CD_GROUP rows at a time in f64x2 lanes so that CHAINS
 * gradient sums are in flight. A missing row at the end of a block is the zero row in scratch: its
 * lanes stay zero. Scratch layout: the zero row (KP doubles), interleaved F rows (K × CD_GROUP
 * doubles), interleaved `A·O` rows (KP × CD_GROUP doubles).
 */
function cdHalf(k: number, kp: number): WasmFunction {
  const f = new WasmFunction(HALF_PARAMS, ['f64']);
  const pairs = CD_GROUP / 2;
  const i = f.local('i32');
  const row = f.local('i32');
  const t = f.local('i32');
  const kEnd = f.local('i32');
  const tf = f.local('i32');
  const gt = f.local('i32');
  const h = f.local('f64');
  const w = f.local('v128');
  const g = f.local('v128');
  const viol = f.local('v128');
  const bi = f.local('i32');
  const bEnd = f.local('i32');
  const sl = sparseLocals(f);
  const gl = gramLocals(f);
  const grads = gl.acc;
  const c0 = f.local('f64');
  const c1 = f.local('f64');
  const num = Array.from({ length: kp / 2 }, () => f.local('v128'));
  const rows = Array.from({ length: CD_GROUP }, () => f.local('i32'));
  const stride = kp * 8;
  const tmpF = stride;
  const tmpX = tmpF + k * CD_GROUP * 8;
  const slot = (r: number, q: number) => (r * pairs + (q >> 1)) * 16 + (q & 1) * 8;
  f.v128f64(0).set(viol);
  f.i32Const(k).set(kEnd);
  f.get(P_START).forRange(bi, P_END, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, P_END, bEnd);
    f.get(bi).forRange(i, bEnd, CD_GROUP, () => {
      for (let q = 0; q < CD_GROUP; q++) {
        f.get(i).i32Const(q).op(I32_ADD).tee(row).get(bEnd).op(I32_LT_S);
        f.op(0x04, 0x40); // the row exists: its A·O row into the lanes
        f.get(P_F).get(row).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
        emitSparseRow(f, kp, row, num, sl);
        for (let c = 0; c < kp / 2; c++) {
          f.get(P_SCRATCH)
            .get(num[c])
            .simdLane(SIMD.store64Lane, tmpX + slot(2 * c, q), 0);
          f.get(P_SCRATCH)
            .get(num[c])
            .simdLane(SIMD.store64Lane, tmpX + slot(2 * c + 1, q), 1);
        }
        f.op(0x05); // else: the zero row
        f.get(P_SCRATCH).set(rows[q]);
        for (let r = 0; r < kp; r++)
          f.get(P_SCRATCH)
            .f64Const(0)
            .mem(F64_STORE, 3, tmpX + slot(r, q));
        f.op(0x0b);
        for (let r = 0; r < k; r++) {
          f.get(P_SCRATCH)
            .get(rows[q])
            .mem(F64_LOAD, 3, r * 8)
            .mem(F64_STORE, 3, tmpF + slot(r, q));
        }
      }
      f.i32Const(0).forRange(t, kEnd, 1, () => {
        f.get(P_G).get(t).i32Const(stride).op(I32_MUL, I32_ADD).set(gt);
        f.get(P_SCRATCH)
          .get(t)
          .i32Const(pairs * 16)
          .op(I32_MUL, I32_ADD)
          .set(tf);
        f.get(gt).get(t).i32Const(8).op(I32_MUL, I32_ADD).mem(F64_LOAD, 3, 0).set(h);
        for (let p = 0; p < pairs; p++) {
          f.get(tf)
            .simdMem(SIMD.load, tmpX + p * 16)
            .simd(SIMD.f64x2Neg)
            .set(grads[p]);
        }
        for (let r = 0; r < k; r++) {
          f.get(gt)
            .simdMem(SIMD.load64Splat, r * 8)
            .set(g);
          for (let p = 0; p < pairs; p++) {
            f.get(grads[p])
              .get(g)
              .get(P_SCRATCH)
              .simdMem(SIMD.load, tmpF + (r * pairs + p) * 16);
            f.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(grads[p]);
          }
        }
        for (let p = 0; p < pairs; p++) {
          f.get(tf)
            .simdMem(SIMD.load, tmpF + p * 16)
            .set(w);
          // pg = w == 0 ? min(0, grad) : grad; violation += |pg|
          f.get(viol).v128f64(0).get(grads[p]).simd(SIMD.f64x2Pmin).get(grads[p]);
          f.get(w).v128f64(0).simd(SIMD.f64x2Eq).simd(SIMD.bitselect).simd(SIMD.f64x2Abs);
          f.simd(SIMD.f64x2Add).set(viol);
        }
        // if hess != 0: w = max(w - grad / hess, 0), one test per component for the whole group
        f.get(h).f64Const(0).op(0x62);
        f.ifThen(() => {
          f.get(h).simd(SIMD.f64x2Splat).set(g);
          for (let p = 0; p < pairs; p++) {
            f.get(tf)
              .v128f64(0)
              .get(tf)
              .simdMem(SIMD.load, tmpF + p * 16);
            f.get(grads[p]).get(g).simd(SIMD.f64x2Div).simd(SIMD.f64x2Sub).simd(SIMD.f64x2Pmax);
            f.simdMem(SIMD.store, tmpF + p * 16);
          }
        });
      });
      for (let q = 0; q < CD_GROUP; q++) {
        for (let r = 0; r < k; r++) {
          f.get(rows[q])
            .get(P_SCRATCH)
            .mem(F64_LOAD, 3, tmpF + slot(r, q))
            .mem(F64_STORE, 3, r * 8);
          // cross += (A·O)[r] · new F[r], even and odd columns apart, for the loss
          const c = r % 2 === 0 ? c0 : c1;
          f.get(c)
            .get(P_SCRATCH)
            .mem(F64_LOAD, 3, tmpX + slot(r, q));
          f.get(P_SCRATCH)
            .mem(F64_LOAD, 3, tmpF + slot(r, q))
            .op(0xa2, 0xa0)
            .set(c);
        }
      }
    });
    emitGramRange(f, k, kp, P_F, bi, bEnd, P_GNEW, gl);
  });
  f.get(P_SCRATCH).get(c0).mem(F64_STORE, 3, crossAt(k, kp));
  f.get(P_SCRATCH)
    .get(c1)
    .mem(F64_STORE, 3, crossAt(k, kp) + 8);
  f.get(viol).extractLane(0).get(viol).extractLane(1).op(0xa0);
  return f;
}

/**
 * The kernels for `k` components (rows padded to an even stride) as module bytes importing a memory of
 * exactly `pages` 64 KiB pages, shared when asked (so worker threads can run the same code on it).
 */
export function nmfWasmBytes(k: number, pages: number, shared: boolean): Uint8Array {
  const kp = k + (k % 2);
  return wasmModule(
    [muHalf(k, kp), cdHalf(k, kp), gramAdd(k, kp)],
    ['muHalf', 'cdHalf', 'gramAdd'],
    pages,
    pages,
    shared,
  );
}

/** Instantiates module bytes from {@link nmfWasmBytes} against `memory`. */
export function instantiateNmfWasm(bytes: Uint8Array, memory: WasmMemory): NmfWasmExports {
  const module = new wasmApi.Module(bytes);
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as NmfWasmExports;
}

/** Whether this runtime validates a module using fixed-width SIMD. */
export function wasmSimdSupported(): boolean {
  try {
    const f = new WasmFunction([], []);
    f.v128f64(0).op(0x1a);
    return wasmApi.validate(wasmModule([f], ['probe']));
  } catch {
    return false;
  }
}
