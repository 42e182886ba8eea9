import { SIMD, WasmFunction, wasmModule } from './WasmWriter.js';
import { type WasmMemory, wasmApi } from './wasmApi.js';

/** Rows handled together by the CD sweep (two f64x2 lane pairs hide the add latency of the gradient sum). */
export const CD_GROUP = 4;
/** Rows whose Gram contributions are added together (the per-entry order stays row by row). */
export const GRAM_GROUP = 4;

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

/**
 * Emits `Gnew[r, c] += F[q, r] · F[q, c]` for the rows whose byte addresses are in `rows` (taken in that
 * order for every entry), over the upper chunks `c ≥ r − r mod 2`.
 */
function emitGram(f: WasmFunction, k: number, kp: number, rows: number[], gnew: number, acc: number): void {
  for (let r = 0; r < k; r++) {
    for (let c = r - (r % 2); c < kp; c += 2) {
      const offset = (r * kp + c) * 8;
      f.get(gnew).simdMem(SIMD.load, offset).set(acc);
      for (const q of rows) {
        f.get(acc)
          .get(q)
          .simdMem(SIMD.load64Splat, r * 8)
          .get(q)
          .simdMem(SIMD.load, c * 8);
        f.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(acc);
      }
      f.get(gnew).get(acc).simdMem(SIMD.store, offset);
    }
  }
}

/** Emits `gramAdd(start, end, F, G)`. */
function gramAdd(k: number, kp: number): WasmFunction {
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32'], []);
  const i = f.local('i32');
  const groupEnd = f.local('i32');
  const acc = f.local('v128');
  const rows = Array.from({ length: GRAM_GROUP }, () => f.local('i32'));
  const stride = kp * 8;
  // groupEnd = end - (GRAM_GROUP - 1): full groups first, then single rows.
  f.get(1)
    .i32Const(GRAM_GROUP - 1)
    .op(0x6b)
    .set(groupEnd);
  f.get(0).forRange(i, groupEnd, GRAM_GROUP, () => {
    for (let q = 0; q < GRAM_GROUP; q++) {
      f.get(2).get(i).i32Const(q).op(I32_ADD).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
    }
    emitGram(f, k, kp, rows, 3, acc);
  });
  f.get(i).forRange(i, 1, 1, () => {
    f.get(2).get(i).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[0]);
    emitGram(f, k, kp, [rows[0]], 3, acc);
  });
  return f;
}

/**
 * Emits `muHalf`: for each row i of F (rows × KP), `num = (A·O)[i]`, `den = F[i]·G`, then
 * `F[i] *= num / den` with a zero `den` replaced by float32 epsilon (scikit-learn's `EPSILON`), then the
 * new row's Gram contribution added to `Gnew`. Scratch: KP doubles for `den`.
 */
function muHalf(k: number, kp: number): WasmFunction {
  const f = new WasmFunction(HALF_PARAMS, []);
  const i = f.local('i32');
  const fi = f.local('i32');
  const cc = f.local('i32');
  const ccEnd = f.local('i32');
  const d = f.local('v128');
  const gacc = f.local('v128');
  const sl = sparseLocals(f);
  const num = Array.from({ length: kp / 2 }, () => f.local('v128'));
  const stride = kp * 8;
  f.i32Const(stride).set(ccEnd);
  f.get(P_START).forRange(i, P_END, 1, () => {
    f.get(P_F).get(i).i32Const(stride).op(I32_MUL, I32_ADD).set(fi);
    emitSparseRow(f, kp, i, num, sl);
    // den[c] = Σ_r F[i, r] · G[r, c], r ascending from 0, into scratch (F[i] must stay old until done).
    f.i32Const(0).forRange(cc, ccEnd, 16, () => {
      f.v128f64(0).set(d);
      for (let r = 0; r < k; r++) {
        f.get(d)
          .get(fi)
          .simdMem(SIMD.load64Splat, r * 8);
        f.get(P_G)
          .get(cc)
          .op(I32_ADD)
          .simdMem(SIMD.load, r * stride);
        f.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(d);
      }
      f.get(P_SCRATCH).get(cc).op(I32_ADD).get(d).simdMem(SIMD.store, 0);
    });
    for (let c = 0; c < kp / 2; c++) {
      // d = den == 0 ? eps : den; F = F * (num / d)
      f.get(P_SCRATCH)
        .simdMem(SIMD.load, c * 16)
        .set(d);
      f.v128f64(2 ** -23)
        .get(d)
        .get(d)
        .v128f64(0)
        .simd(SIMD.f64x2Eq)
        .simd(SIMD.bitselect)
        .set(d);
      f.get(fi)
        .get(fi)
        .simdMem(SIMD.load, c * 16)
        .get(num[c])
        .get(d)
        .simd(SIMD.f64x2Div);
      f.simd(SIMD.f64x2Mul).simdMem(SIMD.store, c * 16);
    }
    emitGram(f, k, kp, [fi], P_GNEW, gacc);
  });
  return f;
}

/**
 * Emits `cdHalf`: the coordinate-descent sweep of scikit-learn's `_update_cdnmf_fast` (Hsieh & Dhillon
 * 2011) with rows as the outer loop (rows are independent, so each entry sees exactly the same
 * operations as in the component-outer order), CD_GROUP rows at a time in f64x2 lanes. Scratch layout:
 * interleaved F rows (K × CD_GROUP doubles), then interleaved `A·O` rows (KP × CD_GROUP doubles).
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
  const gacc = f.local('v128');
  const sl = sparseLocals(f);
  const num = Array.from({ length: kp / 2 }, () => f.local('v128'));
  const grads = Array.from({ length: pairs }, () => f.local('v128'));
  const rows = Array.from({ length: CD_GROUP }, () => f.local('i32'));
  const stride = kp * 8;
  const tmpF = 0;
  const tmpX = k * CD_GROUP * 8;
  const slot = (r: number, q: number) => (r * pairs + (q >> 1)) * 16 + (q & 1) * 8;
  f.v128f64(0).set(viol);
  f.i32Const(k).set(kEnd);
  f.get(P_START).forRange(i, P_END, CD_GROUP, () => {
    for (let q = 0; q < CD_GROUP; q++) {
      f.get(i).i32Const(q).op(I32_ADD).tee(row);
      f.get(P_F).get(row).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
      f.get(row).get(P_END).op(I32_LT_S);
      f.op(0x04, 0x40); // if the row exists: gather it, else zero its lanes
      emitSparseRow(f, kp, row, num, sl);
      for (let c = 0; c < kp / 2; c++) {
        f.get(P_SCRATCH)
          .get(num[c])
          .simdLane(SIMD.store64Lane, tmpX + slot(2 * c, q), 0);
        f.get(P_SCRATCH)
          .get(num[c])
          .simdLane(SIMD.store64Lane, tmpX + slot(2 * c + 1, q), 1);
      }
      for (let r = 0; r < k; r++) {
        f.get(P_SCRATCH)
          .get(rows[q])
          .mem(F64_LOAD, 3, r * 8)
          .mem(F64_STORE, 3, tmpF + slot(r, q));
      }
      f.op(0x05); // else
      for (let r = 0; r < kp; r++)
        f.get(P_SCRATCH)
          .f64Const(0)
          .mem(F64_STORE, 3, tmpX + slot(r, q));
      for (let r = 0; r < k; r++)
        f.get(P_SCRATCH)
          .f64Const(0)
          .mem(F64_STORE, 3, tmpF + slot(r, q));
      f.op(0x0b);
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
        // if hess != 0: w = max(w - grad / hess, 0)
        f.get(h).f64Const(0).op(0x62);
        f.ifThen(() => {
          f.get(tf).v128f64(0).get(w).get(grads[p]).get(h).simd(SIMD.f64x2Splat).simd(SIMD.f64x2Div);
          f.simd(SIMD.f64x2Sub)
            .simd(SIMD.f64x2Pmax)
            .simdMem(SIMD.store, tmpF + p * 16);
        });
      }
    });
    for (let q = 0; q < CD_GROUP; q++) {
      f.get(i).i32Const(q).op(I32_ADD).get(P_END).op(I32_LT_S);
      f.ifThen(() => {
        for (let r = 0; r < k; r++) {
          f.get(rows[q])
            .get(P_SCRATCH)
            .mem(F64_LOAD, 3, tmpF + slot(r, q))
            .mem(F64_STORE, 3, r * 8);
        }
        emitGram(f, k, kp, [rows[q]], P_GNEW, gacc);
      });
    }
  });
  f.get(viol).extractLane(0).get(viol).extractLane(1).op(0xa0);
  return f;
}

/** Compiles the kernels for `k` components (rows padded to an even stride) against `memory`. */
export function compileNmfWasm(k: number, memory: WasmMemory): NmfWasmExports {
  const kp = k + (k % 2);
  const bytes = wasmModule([muHalf(k, kp), cdHalf(k, kp), gramAdd(k, kp)], ['muHalf', 'cdHalf', 'gramAdd']);
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
