import { SIMD, WasmFunction, type WasmMemory, wasmApi, wasmModule } from '@rivulet/linalg';
import { EPSILON } from '../solvers/epsilon.js';

/**
 * Independent f64x2 sums kept in flight by every loop below. Four hide the add latency; V8 11 (Node 20)
 * starts spilling around six live v128 values, which more than halves the throughput (measured).
 */
const CHAINS = 4;
/** Steps per turn of the r loops (the MU denominator's, the CD gradient's). */
const DEN_UNROLL = 2;
/** Element type of the factors and of A's values. */
export type Dtype = 'float64' | 'float32';

/** What the kernels need to know of an element type: sizes and opcodes (f64x2 or f32x4). */
export interface Precision {
  readonly eb: number;
  readonly lanes: number;
  readonly scalar: 'f64' | 'f32';
  readonly vconst: (f: WasmFunction, value: number) => WasmFunction;
  readonly sconst: (f: WasmFunction, value: number) => WasmFunction;
  readonly loadSplat: number;
  readonly storeLane: number;
  readonly extract: number;
  readonly splat: number;
  readonly eq: number;
  readonly abs: number;
  readonly neg: number;
  readonly add: number;
  readonly sub: number;
  readonly mul: number;
  readonly div: number;
  readonly pmin: number;
  readonly pmax: number;
  readonly sload: number;
  readonly sstore: number;
  readonly sne: number;
  readonly sadd: number;
  readonly smul: number;
  /** Converts the scalar on the stack to f64 (none for f64). */
  readonly toF64: number[];
}

export const PRECISION: Record<Dtype, Precision> = {
  float64: {
    eb: 8,
    lanes: 2,
    scalar: 'f64',
    vconst: (f, v) => f.v128f64(v),
    sconst: (f, v) => f.f64Const(v),
    loadSplat: 0x0a,
    storeLane: 0x5b,
    extract: 0x21,
    splat: 0x14,
    eq: 0x47,
    abs: 0xec,
    neg: 0xed,
    add: 0xf0,
    sub: 0xf1,
    mul: 0xf2,
    div: 0xf3,
    pmin: 0xf6,
    pmax: 0xf7,
    sload: 0x2b,
    sstore: 0x39,
    sne: 0x62,
    sadd: 0xa0,
    smul: 0xa2,
    toF64: [],
  },
  float32: {
    eb: 4,
    lanes: 4,
    scalar: 'f32',
    vconst: (f, v) => f.v128f32(v),
    sconst: (f, v) => f.f32Const(v),
    loadSplat: 0x09,
    storeLane: 0x5a,
    extract: 0x1f,
    splat: 0x13,
    eq: 0x41,
    abs: 0xe0,
    neg: 0xe1,
    add: 0xe4,
    sub: 0xe5,
    mul: 0xe6,
    div: 0xe7,
    pmin: 0xea,
    pmax: 0xeb,
    sload: 0x2a,
    sstore: 0x38,
    sne: 0x5c,
    sadd: 0x92,
    smul: 0x94,
    toF64: [0xbb],
  },
};

/** Components padded to whole vectors: the row stride in elements. */
export function paddedWidth(k: number, p: Precision): number {
  return Math.ceil(k / p.lanes) * p.lanes;
}

/** Rows handled together by the CD sweep (CHAINS vectors of `lanes` rows). */
function cdGroup(p: Precision): number {
  return p.lanes * CHAINS;
}
/** Index of `gramAdd` in the module (see {@link nmfWasmModule}); the half steps call it. */
const GRAM_ADD_INDEX = 2;
/** Rows whose Gram contributions are added together (the per-entry order stays row by row). */
const GRAM_BLOCK = 32;
/** Rows updated together by the MU sweep (CHAINS denominators in flight). */
const MU_GROUP = CHAINS;

/** Bytes of one part's scratch: zero row, group buffers, then one vector for the loss's cross term. */
export function scratchBytes(k: number, kp: number, p: Precision): number {
  return Math.ceil(((Math.max(2 * MU_GROUP, cdGroup(p)) * (k + kp) + 2 * kp) * p.eb) / 16) * 16 + 16;
}

/**
 * Where in scratch the half steps leave Σ ⟨(A·O)[i], new F[i]⟩ as `lanes` partial sums (columns by
 * their index modulo `lanes`).
 */
export function crossAt(k: number, kp: number, p: Precision): number {
  return scratchBytes(k, kp, p) - 16;
}

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
  /** Leaves Σ_i ⟨(A·O)[i], F[i]⟩ over rows [start, end) at {@link crossAt} in scratch; changes nothing else. */
  crossAdd(
    start: number,
    end: number,
    indptr: number,
    indices: number,
    data: number,
    F: number,
    O: number,
    scratch: number,
  ): void;
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
 * into `acc` (one v128 local per chunk of `lanes` columns), entries in stored order: the order of
 * scipy's CSR × dense product.
 */
function emitSparseRow(
  f: WasmFunction,
  P: Precision,
  kp: number,
  row: number,
  acc: number[],
  tmp: SparseLocals,
): void {
  for (const a of acc) P.vconst(f, 0).set(a);
  f.get(P_INDPTR).get(row).i32Const(4).op(I32_MUL, I32_ADD).tee(tmp.addr);
  f.mem(I32_LOAD, 2, 4).set(tmp.end);
  f.get(tmp.addr).mem(I32_LOAD, 2, 0);
  f.forRange(tmp.p, tmp.end, 1, () => {
    f.get(P_DATA).get(tmp.p).i32Const(P.eb).op(I32_MUL, I32_ADD).simdMem(P.loadSplat, 0).set(tmp.v);
    f.get(P_O).get(P_INDICES).get(tmp.p).i32Const(4).op(I32_MUL, I32_ADD).mem(I32_LOAD, 2, 0);
    f.i32Const(kp * P.eb)
      .op(I32_MUL, I32_ADD)
      .set(tmp.o);
    for (let c = 0; c < acc.length; c++) {
      f.get(acc[c])
        .get(tmp.v)
        .get(tmp.o)
        .simdMem(SIMD.load, c * 16)
        .simd(P.mul)
        .simd(P.add)
        .set(acc[c]);
    }
  });
}

/**
 * {@link emitSparseRow} accumulating in scratch at byte offset `at` instead of locals: the same
 * operations in the same order, and measured a little faster for MU (the locals spill anyway at k = 50).
 */
function emitSparseRowInScratch(
  f: WasmFunction,
  P: Precision,
  kp: number,
  row: number,
  at: number,
  tmp: SparseLocals,
): void {
  const nch = kp / P.lanes;
  for (let c = 0; c < nch; c++) {
    f.get(P_SCRATCH);
    P.vconst(f, 0).simdMem(SIMD.store, at + c * 16);
  }
  f.get(P_INDPTR).get(row).i32Const(4).op(I32_MUL, I32_ADD).tee(tmp.addr);
  f.mem(I32_LOAD, 2, 4).set(tmp.end);
  f.get(tmp.addr).mem(I32_LOAD, 2, 0);
  f.forRange(tmp.p, tmp.end, 1, () => {
    f.get(P_DATA).get(tmp.p).i32Const(P.eb).op(I32_MUL, I32_ADD).simdMem(P.loadSplat, 0).set(tmp.v);
    f.get(P_O).get(P_INDICES).get(tmp.p).i32Const(4).op(I32_MUL, I32_ADD).mem(I32_LOAD, 2, 0);
    f.i32Const(kp * P.eb)
      .op(I32_MUL, I32_ADD)
      .set(tmp.o);
    for (let c = 0; c < nch; c++) {
      f.get(P_SCRATCH)
        .get(P_SCRATCH)
        .simdMem(SIMD.load, at + c * 16);
      f.get(tmp.v)
        .get(tmp.o)
        .simdMem(SIMD.load, c * 16)
        .simd(P.mul)
        .simd(P.add)
        .simdMem(SIMD.store, at + c * 16);
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
function gramAdd(P: Precision, k: number, kp: number): WasmFunction {
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32'], []);
  const bi = f.local('i32');
  const bEnd = f.local('i32');
  const gl = gramLocals(f);
  f.get(0).forRange(bi, 1, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, 1, bEnd);
    emitGramRange(f, P, k, kp, 2, bi, bEnd, 3, gl);
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
 * the same order as adding one row at a time) over the upper entries, 4 values of r × 2 chunks of G at a
 * time held in registers while the rows stream past: 6 loads per 8 vector multiply-adds, no stores.
 */
function emitGramRange(
  f: WasmFunction,
  P: Precision,
  k: number,
  kp: number,
  F: number,
  from: number,
  to: number,
  G: number,
  l: GramLocals,
): void {
  const stride = kp * P.eb;
  const L = P.lanes;
  for (let rb = 0; rb < k; rb += 4) {
    const nr = Math.min(4, k - rb);
    for (let cb = rb - (rb % L); cb < kp; cb += 2 * L) {
      const nc = Math.min(2, (kp - cb) / L);
      const at = (j: number, h: number) => ((rb + j) * kp + cb + L * h) * P.eb;
      for (let j = 0; j < nr; j++) {
        for (let h = 0; h < nc; h++)
          f.get(G)
            .simdMem(SIMD.load, at(j, h))
            .set(l.acc[j * 2 + h]);
      }
      f.get(F).get(to).i32Const(stride).op(I32_MUL, I32_ADD).set(l.aEnd);
      f.get(F).get(from).i32Const(stride).op(I32_MUL, I32_ADD);
      f.forRange(l.a, l.aEnd, stride, () => {
        for (let j = 0; j < nr; j++)
          f.get(l.a)
            .simdMem(P.loadSplat, (rb + j) * P.eb)
            .set(l.s[j]);
        for (let h = 0; h < nc; h++)
          f.get(l.a)
            .simdMem(SIMD.load, (cb + L * h) * P.eb)
            .set(l.x[h]);
        for (let j = 0; j < nr; j++) {
          for (let h = 0; h < nc; h++) {
            const acc = l.acc[j * 2 + h];
            f.get(acc).get(l.s[j]).get(l.x[h]).simd(P.mul).simd(P.add).set(acc);
          }
        }
      });
      for (let j = 0; j < nr; j++) {
        for (let h = 0; h < nc; h++)
          f.get(G)
            .get(l.acc[j * 2 + h])
            .simdMem(SIMD.store, at(j, h));
      }
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
 * denominator rows (KP elements each).
 */
function muHalf(P: Precision, k: number, kp: number): WasmFunction {
  const f = new WasmFunction(HALF_PARAMS, []);
  const R = MU_GROUP;
  const nch = kp / P.lanes;
  const stride = kp * P.eb;
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
  const acc = gl.acc;
  const nm = f.local('v128');
  const cross = f.local('v128');
  P.vconst(f, 0).set(cross);
  const gcol = f.local('i32');
  const gp = f.local('i32');
  const ro = f.local('i32');
  const roEnd = f.local('i32');
  f.get(P_START).forRange(bi, P_END, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, P_END, bEnd);
    f.get(bi).forRange(i, bEnd, R, () => {
      for (let q = 0; q < R; q++) {
        f.get(i).i32Const(q).op(I32_ADD).tee(row).get(bEnd).op(I32_LT_S);
        f.op(0x04, 0x40);
        f.get(P_F).get(row).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
        emitSparseRowInScratch(f, P, kp, row, numAt(q), sl);
        f.op(0x05);
        f.get(P_SCRATCH).set(rows[q]);
        for (let c = 0; c < nch; c++) {
          f.get(P_SCRATCH);
          P.vconst(f, 0).simdMem(SIMD.store, numAt(q) + c * 16);
        }
        f.op(0x0b);
      }
      // den[q, c] = Σ_r F[q, r] · G[r, c], r ascending from 0: one chunk × R rows per pass, so each
      // loaded G vector serves R rows. r runs as a loop, DEN_UNROLL steps per turn, rather than fully
      // unrolled: unrolled, every F splat is invariant in the chunk loop, and TurboFan's code for that
      // ran slower than Liftoff's; the loop halves the MU half step's time at k = 50 (measured).
      const step = (u: number) => {
        f.get(gp)
          .simdMem(SIMD.load, u * stride)
          .set(g);
        for (let q = 0; q < R; q++) {
          f.get(acc[q])
            .get(rows[q])
            .get(ro)
            .op(I32_ADD)
            .simdMem(P.loadSplat, u * P.eb)
            .get(g)
            .simd(P.mul)
            .simd(P.add)
            .set(acc[q]);
        }
      };
      const main = k - (k % DEN_UNROLL);
      f.i32Const(main * P.eb).set(roEnd);
      f.get(P_G).get(P_G).i32Const(stride).op(I32_ADD).set(ccEnd);
      f.forRange(cc, ccEnd, 16, () => {
        for (let q = 0; q < R; q++) P.vconst(f, 0).set(acc[q]);
        f.get(cc).set(gp);
        if (main > 0) {
          f.i32Const(0).forRange(ro, roEnd, DEN_UNROLL * P.eb, () => {
            for (let u = 0; u < DEN_UNROLL; u++) step(u);
            f.get(gp)
              .i32Const(DEN_UNROLL * stride)
              .op(I32_ADD)
              .set(gp);
          });
        } else f.i32Const(0).set(ro);
        for (let u = 0; u < k % DEN_UNROLL; u++) step(u);
        // den chunk at scratch + (cc − G)
        f.get(P_SCRATCH).get(cc).op(I32_ADD).get(P_G).op(0x6b).set(gcol);
        for (let q = 0; q < R; q++) f.get(gcol).get(acc[q]).simdMem(SIMD.store, denAt(q));
      });
      for (let q = 0; q < R; q++) {
        for (let c = 0; c < nch; c++) {
          // d = den == 0 ? eps : den; F = F * (num / d)
          f.get(P_SCRATCH)
            .simdMem(SIMD.load, denAt(q) + c * 16)
            .set(d);
          P.vconst(f, EPSILON).get(d).get(d);
          P.vconst(f, 0).simd(P.eq).simd(SIMD.bitselect).set(d);
          f.get(rows[q]).simdMem(SIMD.load, c * 16);
          f.get(P_SCRATCH)
            .simdMem(SIMD.load, numAt(q) + c * 16)
            .tee(nm)
            .get(d)
            .simd(P.div);
          f.simd(P.mul).set(d);
          f.get(rows[q])
            .get(d)
            .simdMem(SIMD.store, c * 16);
          // cross += num · new F (lane l: columns ≡ l mod lanes), for the loss
          f.get(cross).get(nm).get(d).simd(P.mul).simd(P.add).set(cross);
        }
      }
    });
    // A call, not the loops inline: inside this large function TurboFan's code for them ran 2–4×
    // slower than the same loops compiled alone (measured at k = 50).
    f.get(bi).get(bEnd).get(P_F).get(P_GNEW).op(0x10, GRAM_ADD_INDEX);
  });
  f.get(P_SCRATCH)
    .get(cross)
    .simdMem(SIMD.store, crossAt(k, kp, P));
  return f;
}

/**
 * Emits `cdHalf`: the coordinate-descent sweep of scikit-learn's `_update_cdnmf_fast` (Hsieh & Dhillon
 * 2011) with rows as the outer loop (rows are independent, so each entry sees exactly the same
 * operations as in the component-outer order), `lanes` rows per vector and CHAINS vectors at a time so
 * that CHAINS gradient sums are in flight. A missing row at the end of a block is the zero row in
 * scratch: its lanes stay zero. Scratch layout: the zero row (KP elements), interleaved F rows (K ×
 * group), interleaved `A·O` rows (KP × group).
 */
function cdHalf(P: Precision, k: number, kp: number): WasmFunction {
  const f = new WasmFunction(HALF_PARAMS, ['f64']);
  const L = P.lanes;
  const group = cdGroup(P);
  const vecs = CHAINS;
  const i = f.local('i32');
  const row = f.local('i32');
  const t = f.local('i32');
  const kEnd = f.local('i32');
  const tf = f.local('i32');
  const gt = f.local('i32');
  const h = f.local(P.scalar);
  const w = f.local('v128');
  const g = f.local('v128');
  const viol = f.local('v128');
  const bi = f.local('i32');
  const bEnd = f.local('i32');
  const sl = sparseLocals(f);
  const gl = gramLocals(f);
  const grads = gl.acc;
  const cs = Array.from({ length: L }, () => f.local(P.scalar));
  const num = Array.from({ length: kp / L }, () => f.local('v128'));
  const rows = Array.from({ length: group }, () => f.local('i32'));
  const stride = kp * P.eb;
  const tmpF = stride;
  const tmpX = tmpF + k * group * P.eb;
  const xrow = tmpX + kp * group * P.eb;
  const slot = (r: number, q: number) => (r * vecs + Math.floor(q / L)) * 16 + (q % L) * P.eb;
  const ro = f.local('i32');
  const roEnd = f.local('i32');
  const fp = f.local('i32');
  const main = k - (k % DEN_UNROLL);
  f.i32Const(main * P.eb).set(roEnd);
  P.vconst(f, 0).set(viol);
  f.i32Const(k).set(kEnd);
  f.get(P_START).forRange(bi, P_END, GRAM_BLOCK, () => {
    emitBlockEnd(f, bi, P_END, bEnd);
    f.get(bi).forRange(i, bEnd, group, () => {
      for (let q = 0; q < group; q++) {
        f.get(i).i32Const(q).op(I32_ADD).tee(row).get(bEnd).op(I32_LT_S);
        f.op(0x04, 0x40); // the row exists: its A·O row into the lanes
        f.get(P_F).get(row).i32Const(stride).op(I32_MUL, I32_ADD).set(rows[q]);
        // Few chunks stay in vector locals; many spill anyway, and accumulating in scratch is faster (A/B).
        if (kp / L > 8) {
          emitSparseRowInScratch(f, P, kp, row, xrow, sl);
          for (let r = 0; r < kp; r++) {
            f.get(P_SCRATCH)
              .get(P_SCRATCH)
              .mem(P.sload, 0, xrow + r * P.eb)
              .mem(P.sstore, 0, tmpX + slot(r, q));
          }
        } else {
          emitSparseRow(f, P, kp, row, num, sl);
          for (let c = 0; c < kp / L; c++) {
            for (let l = 0; l < L; l++)
              f.get(P_SCRATCH)
                .get(num[c])
                .simdLane(P.storeLane, tmpX + slot(c * L + l, q), l);
          }
        }
        f.op(0x05); // else: the zero row
        f.get(P_SCRATCH).set(rows[q]);
        for (let r = 0; r < kp; r++) {
          f.get(P_SCRATCH);
          P.sconst(f, 0).mem(P.sstore, 0, tmpX + slot(r, q));
        }
        f.op(0x0b);
        for (let r = 0; r < k; r++) {
          f.get(P_SCRATCH)
            .get(rows[q])
            .mem(P.sload, 0, r * P.eb)
            .mem(P.sstore, 0, tmpF + slot(r, q));
        }
      }
      f.i32Const(0).forRange(t, kEnd, 1, () => {
        f.get(P_G).get(t).i32Const(stride).op(I32_MUL, I32_ADD).set(gt);
        f.get(P_SCRATCH)
          .get(t)
          .i32Const(vecs * 16)
          .op(I32_MUL, I32_ADD)
          .set(tf);
        f.get(gt).get(t).i32Const(P.eb).op(I32_MUL, I32_ADD).mem(P.sload, 0, 0).set(h);
        for (let v = 0; v < vecs; v++)
          f.get(tf)
            .simdMem(SIMD.load, tmpX + v * 16)
            .simd(P.neg)
            .set(grads[v]);
        // r ascending as a loop, DEN_UNROLL steps per turn (fully unrolled, TurboFan's code for this
        // ran slower than Liftoff's, as for the MU denominator).
        const step = (u: number) => {
          f.get(gt)
            .get(ro)
            .op(I32_ADD)
            .simdMem(P.loadSplat, u * P.eb)
            .set(g);
          for (let v = 0; v < vecs; v++) {
            f.get(grads[v])
              .get(g)
              .get(fp)
              .simdMem(SIMD.load, tmpF + (u * vecs + v) * 16);
            f.simd(P.mul).simd(P.add).set(grads[v]);
          }
        };
        f.get(P_SCRATCH).set(fp);
        if (main > 0) {
          f.i32Const(0).forRange(ro, roEnd, DEN_UNROLL * P.eb, () => {
            for (let u = 0; u < DEN_UNROLL; u++) step(u);
            f.get(fp)
              .i32Const(DEN_UNROLL * vecs * 16)
              .op(I32_ADD)
              .set(fp);
          });
        } else f.i32Const(0).set(ro);
        for (let u = 0; u < k % DEN_UNROLL; u++) step(u);
        for (let v = 0; v < vecs; v++) {
          f.get(tf)
            .simdMem(SIMD.load, tmpF + v * 16)
            .set(w);
          // pg = w == 0 ? min(0, grad) : grad; violation += |pg|
          f.get(viol);
          P.vconst(f, 0).get(grads[v]).simd(P.pmin).get(grads[v]).get(w);
          P.vconst(f, 0).simd(P.eq).simd(SIMD.bitselect).simd(P.abs).simd(P.add).set(viol);
        }
        // if hess != 0: w = max(w - grad / hess, 0), one test per component for the whole group
        f.get(h);
        P.sconst(f, 0).op(P.sne);
        f.ifThen(() => {
          f.get(h).simd(P.splat).set(g);
          for (let v = 0; v < vecs; v++) {
            f.get(tf);
            P.vconst(f, 0)
              .get(tf)
              .simdMem(SIMD.load, tmpF + v * 16);
            f.get(grads[v])
              .get(g)
              .simd(P.div)
              .simd(P.sub)
              .simd(P.pmax)
              .simdMem(SIMD.store, tmpF + v * 16);
          }
        });
      });
      for (let q = 0; q < group; q++) {
        for (let r = 0; r < k; r++) {
          f.get(rows[q])
            .get(P_SCRATCH)
            .mem(P.sload, 0, tmpF + slot(r, q))
            .mem(P.sstore, 0, r * P.eb);
          // cross += (A·O)[r] · new F[r], columns apart by r mod lanes, for the loss
          const c = cs[r % L];
          f.get(c)
            .get(P_SCRATCH)
            .mem(P.sload, 0, tmpX + slot(r, q));
          f.get(P_SCRATCH)
            .mem(P.sload, 0, tmpF + slot(r, q))
            .op(P.smul, P.sadd)
            .set(c);
        }
      }
    });
    // A call, not the loops inline: inside this large function TurboFan's code for them ran 2–4×
    // slower than the same loops compiled alone (measured at k = 50).
    f.get(bi).get(bEnd).get(P_F).get(P_GNEW).op(0x10, GRAM_ADD_INDEX);
  });
  for (let l = 0; l < L; l++)
    f.get(P_SCRATCH)
      .get(cs[l])
      .mem(P.sstore, 0, crossAt(k, kp, P) + l * P.eb);
  f.get(viol)
    .lane(P.extract, 0)
    .op(...P.toF64);
  for (let l = 1; l < L; l++)
    f.get(viol)
      .lane(P.extract, l)
      .op(...P.toF64)
      .op(0xa0);
  return f;
}

/**
 * Emits `crossAdd(start, end, indptr, indices, data, F, O, scratch)`: Σ_i ⟨(A·O)[i], F[i]⟩ over rows
 * [start, end), left at {@link crossAt} in scratch as `lanes` partial sums (lane l: columns ≡ l mod
 * lanes, rows ascending), the same term the half steps leave for the new factors — here for the factors
 * as they are, so the loss before the first iteration costs one parallel SIMD pass over A instead of a
 * scalar one. `(A·O)[i]` is {@link emitSparseRow}'s, in registers.
 */
function crossAdd(P: Precision, k: number, kp: number): WasmFunction {
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const scratch = 7;
  const stride = kp * P.eb;
  const i = f.local('i32');
  const fi = f.local('i32');
  const sl = sparseLocals(f);
  const acc = Array.from({ length: kp / P.lanes }, () => f.local('v128'));
  const cross = f.local('v128');
  P.vconst(f, 0).set(cross);
  f.get(P_START).forRange(i, P_END, 1, () => {
    emitSparseRow(f, P, kp, i, acc, sl);
    f.get(P_F).get(i).i32Const(stride).op(I32_MUL, I32_ADD).set(fi);
    for (let c = 0; c < acc.length; c++) {
      f.get(cross)
        .get(acc[c])
        .get(fi)
        .simdMem(SIMD.load, c * 16)
        .simd(P.mul)
        .simd(P.add)
        .set(cross);
    }
  });
  f.get(scratch)
    .get(cross)
    .simdMem(SIMD.store, crossAt(k, kp, P));
  return f;
}

/** Emitted and compiled kernels by k, element type and memory sharing: paid once per process. */
const compiled = new Map<string, { bytes: Uint8Array; module: object }>();

/**
 * The kernels for `k` components of type `dtype` (rows padded to whole vectors) as module bytes and
 * their compiled module, importing a memory of any size (shared when asked, so worker threads can run
 * the same code on it). Emitting takes 10–60 ms (k = 10–50), so it is done once per process and kind:
 * a transform, a refit or a second training with the same k reuses it.
 */
export function nmfWasmModule(
  k: number,
  dtype: Dtype,
  shared: boolean,
): { bytes: Uint8Array; module: object } {
  const key = `${k},${dtype},${shared}`;
  let entry = compiled.get(key);
  if (entry === undefined) {
    const P = PRECISION[dtype];
    const kp = paddedWidth(k, P);
    const bytes = wasmModule(
      [muHalf(P, k, kp), cdHalf(P, k, kp), gramAdd(P, k, kp), crossAdd(P, k, kp)],
      ['muHalf', 'cdHalf', 'gramAdd', 'crossAdd'],
      1,
      65536,
      shared,
    );
    entry = { bytes, module: new wasmApi.Module(bytes) };
    compiled.set(key, entry);
  }
  return entry;
}

/** Instantiates the kernels (a compiled module, or module bytes from {@link nmfWasmModule}) on `memory`. */
export function instantiateNmfWasm(code: Uint8Array | object, memory: WasmMemory): NmfWasmExports {
  const module = code instanceof Uint8Array ? new wasmApi.Module(code) : code;
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as NmfWasmExports;
}
