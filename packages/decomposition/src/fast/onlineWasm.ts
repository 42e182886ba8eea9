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
const I32_SUB = 0x6b;
const I32_AND = 0x71;
const I32_EQZ = 0x45;
const CALL = 0x10;
const I32_LOAD = 0x28;
const I32_LE_S = 0x4c;
const F64_LT = 0x63;
const F64_GE = 0x66;
const F64_MIN = 0xa4;
const F64_MAX = 0xa5;
// SIMD (prefix 0xFD): the NaN-propagating lane-wise min and max.
const F64X2_MIN = 0xf4;
const F64X2_MAX = 0xf5;
/** Rows of Hᵀ that linalg's `gram` kernel takes as one group (its GROUP): hUpdate calls it per group. */
const GRAM_ROWS = 8;
const I32_LT_S = 0x48;
const F64_EQ = 0x61;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const F64_SUB = 0xa1;
const SELECT = 0x1b;

/**
 * `hUpdate(m, A, B, Ht, XtW, WtWT, den, G, rho)`: MiniBatchNMF's online H update for the Frobenius loss
 * without penalties, one column j of H (row j of Hᵀ) at a time (all addresses in bytes; `A`, `B` are
 * k × m, `Ht` and `XtW` m × k, `WtWT` = (WᵀW)ᵀ k × k, `den` k doubles of scratch):
 * `den_c = Σ_r (WᵀW)[c, r]·H[r, j]` in order of r from +0 (the order of `gemm`, whose skipped zero
 * coefficients add nothing here either), a zero made float32 epsilon, then
 * `A ← A·ρ + (XᵀW)[j, c]·H`, `B ← B·ρ + den`, `H = A / B`, written to Hᵀ — exactly the operations, in the
 * order, of `OnlineNmf`'s plain update, so H, A and B come out bit for bit the same. H itself (k × m) is
 * not written: the steps need only Hᵀ, and H is transposed back when it is read.
 *
 * A step is bound by memory traffic (the sums and Hᵀ are 4·k·m doubles, beyond the caches), so the pass
 * does the other work on these columns while they are at hand: it zeroes the row of XᵀW it read (the
 * next batch's numerator starts from zero without a separate fill), adds each eight finished rows of Hᵀ
 * into `G` with the module's `gram` (function index `gramIndex`; the rest at the end) — the same calls
 * in the same order as `gram(m, Ht, G)` afterwards, so `G` (zeroed by the caller) ends as the upper
 * triangle of H·Hᵀ bit for bit — and sums ‖H_new − H_old‖² and ‖H_new‖² (column by column) into `den[k]`
 * and `den[k + 1]`: the relative change MiniBatchNMF's convergence test reads.
 */
function hUpdate(k: number, gramIndex: number): WasmFunction {
  const [M, A, B, HT, XTW, WTWT, DEN, G, RHO] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
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
  const p1 = f.local('i32');
  const rho = f.local('v128');
  const dv = f.local('v128');
  const hv = f.local('v128');
  const av = f.local('v128');
  const bv = f.local('v128');
  const diffs = f.local('v128');
  const norms = f.local('v128');
  const rowBytes = k * 8;
  f.f64Const(0).set(diff);
  f.f64Const(0).set(norm);
  f.v128f64(0).set(diffs);
  f.v128f64(0).set(norms);
  f.get(RHO).simd(SIMD.f64x2Splat).set(rho);
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
      // The update, two components at a time in the lanes of f64x2 vectors (each lane the scalar
      // operations in their order); p = c·m·8 + j·8 walks down column j of A and B, p1 one row below.
      f.get(j).i32Const(8).op(I32_MUL).set(p);
      for (let c = 0; c + 1 < k; c += 2) {
        f.get(p).get(mb).op(I32_ADD).set(p1);
        // dv = den == 0 ? ε : den
        f.v128f64(EPSILON)
          .get(DEN)
          .simdMem(SIMD.load, c * 8, 3)
          .tee(dv)
          .get(dv)
          .v128f64(0)
          .simd(SIMD.f64x2Eq)
          .simd(SIMD.bitselect)
          .set(dv);
        f.get(ht)
          .simdMem(SIMD.load, c * 8, 3)
          .set(hv);
        // av = A·ρ + (XᵀW)[j, c : c + 2]·h
        f.get(A).get(p1).op(I32_ADD);
        f.get(A).get(p).op(I32_ADD).simdMem(SIMD.load64Splat, 0, 3);
        f.simdLane(SIMD.load64Lane, 0, 1).get(rho).simd(SIMD.f64x2Mul);
        f.get(xt)
          .simdMem(SIMD.load, c * 8, 3)
          .get(hv)
          .simd(SIMD.f64x2Mul)
          .simd(SIMD.f64x2Add)
          .set(av);
        // bv = B·ρ + den
        f.get(B).get(p1).op(I32_ADD);
        f.get(B).get(p).op(I32_ADD).simdMem(SIMD.load64Splat, 0, 3);
        f.simdLane(SIMD.load64Lane, 0, 1).get(rho).simd(SIMD.f64x2Mul).get(dv).simd(SIMD.f64x2Add).set(bv);
        f.get(A).get(p).op(I32_ADD).get(av).simdLane(SIMD.store64Lane, 0, 0);
        f.get(A).get(p1).op(I32_ADD).get(av).simdLane(SIMD.store64Lane, 0, 1);
        f.get(B).get(p).op(I32_ADD).get(bv).simdLane(SIMD.store64Lane, 0, 0);
        f.get(B).get(p1).op(I32_ADD).get(bv).simdLane(SIMD.store64Lane, 0, 1);
        // av = the new H; diffs += (av − hv)², norms += av²
        f.get(av).get(bv).simd(SIMD.f64x2Div).set(av);
        f.get(ht)
          .get(av)
          .simdMem(SIMD.store, c * 8, 3);
        f.get(av)
          .get(hv)
          .simd(SIMD.f64x2Sub)
          .tee(hv)
          .get(hv)
          .simd(SIMD.f64x2Mul)
          .get(diffs)
          .simd(SIMD.f64x2Add);
        f.set(diffs);
        f.get(av).get(av).simd(SIMD.f64x2Mul).get(norms).simd(SIMD.f64x2Add).set(norms);
        if (c + 2 < k) f.get(p1).get(mb).op(I32_ADD).set(p);
      }
      // The last component of an odd k alone.
      for (let c = k - (k % 2); c < k; c++) {
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
        f.get(ht)
          .get(h)
          .mem(F64_STORE, 3, c * 8);
        if (c + 1 < k) f.get(p).get(mb).op(I32_ADD).set(p);
      }
      for (let c = 0; c + 1 < k; c += 2)
        f.get(xt)
          .v128f64(0)
          .simdMem(SIMD.store, c * 8, 3);
      if (k % 2 === 1)
        f.get(xt)
          .f64Const(0)
          .mem(F64_STORE, 3, (k - 1) * 8);
      f.get(j).i32Const(1).op(I32_ADD).set(j);
      f.get(ht).i32Const(rowBytes).op(I32_ADD).set(ht);
      f.get(xt).i32Const(rowBytes).op(I32_ADD).set(xt);
      // Eight more rows of Hᵀ done: into G while they are in the cache.
      f.get(j)
        .i32Const(GRAM_ROWS - 1)
        .op(I32_AND)
        .op(I32_EQZ);
      f.ifThen(() => {
        f.i32Const(GRAM_ROWS)
          .get(ht)
          .i32Const(GRAM_ROWS * rowBytes)
          .op(I32_SUB)
          .get(G)
          .op(CALL, gramIndex);
      });
    },
  );
  // The last m mod 8 rows, one at a time as gram takes them.
  f.get(M)
    .i32Const(GRAM_ROWS - 1)
    .op(I32_AND)
    .set(p);
  f.get(p).get(ht).get(p).i32Const(rowBytes).op(I32_MUL).op(I32_SUB).get(G).op(CALL, gramIndex);
  f.get(diffs).extractLane(0).get(diffs).extractLane(1).op(F64_ADD).get(diff).op(F64_ADD).set(diff);
  f.get(norms).extractLane(0).get(norms).extractLane(1).op(F64_ADD).get(norm).op(F64_ADD).set(norm);
  f.get(DEN)
    .get(diff)
    .mem(F64_STORE, 3, k * 8);
  f.get(DEN)
    .get(norm)
    .mem(F64_STORE, 3, (k + 1) * 8);
  return f;
}

/**
 * `wUpdate(r0, r1, W, XHt, HHt)`: one multiplicative update of rows `[r0, r1)` of W (rows × k, row i at
 * `W + i·8k`; `XHt` alike, `HHt` k × k): `W ∘= XHᵀ / (W·HHᵀ)`, a zero denominator made float32 epsilon —
 * `gemm` then `muUpdate` of the plain path in one pass over the rows, with the same operations in the same
 * order (each `(W·HHᵀ)[i, c]` summed over l from +0, the zero coefficients `gemm` skips adding +0), so the
 * bits are the plain path's.
 */
function wUpdate(k: number): WasmFunction {
  const [R0, R1, W, XHT, HHT] = [0, 1, 2, 3, 4];
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32', 'i32'], []);
  const w = f.local('i32');
  const x = f.local('i32');
  const pairs = k >> 1;
  const acc = Array.from({ length: pairs }, () => f.local('v128'));
  const splat = f.local('v128');
  const tail = f.local('f64');
  const d = f.local('f64');
  const odd = (k & 1) === 1;
  const rowBytes = k * 8;
  f.get(R0).i32Const(rowBytes).op(I32_MUL).tee(x).get(W).op(I32_ADD).set(w);
  f.get(x).get(XHT).op(I32_ADD).set(x);
  f.whileLoop(
    () => f.get(R0).get(R1).op(I32_LT_S),
    () => {
      for (let q = 0; q < pairs; q++) f.v128f64(0).set(acc[q]);
      if (odd) f.f64Const(0).set(tail);
      for (let l = 0; l < k; l++) {
        f.get(w)
          .simdMem(SIMD.load64Splat, l * 8, 3)
          .set(splat);
        for (let q = 0; q < pairs; q++) {
          f.get(acc[q])
            .get(splat)
            .get(HHT)
            .simdMem(SIMD.load, (l * k + 2 * q) * 8, 3)
            .simd(SIMD.f64x2Mul)
            .simd(SIMD.f64x2Add)
            .set(acc[q]);
        }
        if (odd) {
          f.get(tail)
            .get(w)
            .mem(F64_LOAD, 3, l * 8)
            .get(HHT)
            .mem(F64_LOAD, 3, (l * k + k - 1) * 8)
            .op(F64_MUL)
            .op(F64_ADD)
            .set(tail);
        }
      }
      for (let q = 0; q < pairs; q++) {
        // w = w · (x / (den == 0 ? ε : den))
        f.get(w);
        f.get(w).simdMem(SIMD.load, q * 16, 3);
        f.get(x).simdMem(SIMD.load, q * 16, 3);
        f.v128f64(EPSILON).get(acc[q]).get(acc[q]).v128f64(0).simd(SIMD.f64x2Eq).simd(SIMD.bitselect);
        f.simd(SIMD.f64x2Div)
          .simd(SIMD.f64x2Mul)
          .simdMem(SIMD.store, q * 16, 3);
      }
      if (odd) {
        const last = (k - 1) * 8;
        f.get(w);
        f.get(w).mem(F64_LOAD, 3, last);
        f.get(x).mem(F64_LOAD, 3, last);
        f.f64Const(EPSILON).get(tail).get(tail).f64Const(0).op(F64_EQ).op(SELECT).set(d);
        f.get(d).op(F64_DIV).op(F64_MUL).mem(F64_STORE, 3, last);
      }
      f.get(R0).i32Const(1).op(I32_ADD).set(R0);
      f.get(w).i32Const(rowBytes).op(I32_ADD).set(w);
      f.get(x).i32Const(rowBytes).op(I32_ADD).set(x);
    },
  );
  return f;
}

/**
 * `gramRows(r0, r1, W, G)`: `G += the upper triangle of W_bᵀW_b` for rows `[r0, r1)` of W (row i at
 * `W + i·8k`), row after row — each entry summed over the rows in order, as the TypeScript `gram` (whose
 * skipped zero rows add +0 here), so the upper triangle has its bits. Pairs of columns start at `a`
 * rounded down to even, so some entries just below the diagonal get sums too: mirror the upper triangle
 * afterwards.
 */
function gramRows(k: number): WasmFunction {
  const [R0, R1, W, G] = [0, 1, 2, 3];
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32'], []);
  const w = f.local('i32');
  const splat = f.local('v128');
  const rowBytes = k * 8;
  f.get(R0).i32Const(rowBytes).op(I32_MUL).get(W).op(I32_ADD).set(w);
  f.whileLoop(
    () => f.get(R0).get(R1).op(I32_LT_S),
    () => {
      for (let a = 0; a < k; a++) {
        f.get(w)
          .simdMem(SIMD.load64Splat, a * 8, 3)
          .set(splat);
        for (let b = a & ~1; b + 1 < k; b += 2) {
          f.get(G);
          f.get(G).simdMem(SIMD.load, (a * k + b) * 8, 3);
          f.get(splat)
            .get(w)
            .simdMem(SIMD.load, b * 8, 3)
            .simd(SIMD.f64x2Mul)
            .simd(SIMD.f64x2Add);
          f.simdMem(SIMD.store, (a * k + b) * 8, 3);
        }
        if ((k & 1) === 1) {
          const at = (a * k + k - 1) * 8;
          f.get(G);
          f.get(G).mem(F64_LOAD, 3, at);
          f.get(w)
            .mem(F64_LOAD, 3, a * 8)
            .get(w)
            .mem(F64_LOAD, 3, (k - 1) * 8)
            .op(F64_MUL)
            .op(F64_ADD);
          f.mem(F64_STORE, 3, at);
        }
      }
      f.get(R0).i32Const(1).op(I32_ADD).set(R0);
      f.get(w).i32Const(rowBytes).op(I32_ADD).set(w);
    },
  );
  return f;
}

/** `dot(n, x, y)`: `Σ_i x[i]·y[i]` in order of i from +0 (the TypeScript `ddot`, the same bits). */
function dot(): WasmFunction {
  const [N, X, Y] = [0, 1, 2];
  const f = new WasmFunction(['i32', 'i32', 'i32'], ['f64']);
  const end = f.local('i32');
  const sum = f.local('f64');
  f.f64Const(0).set(sum);
  f.get(N).i32Const(8).op(I32_MUL).get(X).op(I32_ADD).set(end);
  f.whileLoop(
    () => f.get(X).get(end).op(I32_LT_S),
    () => {
      f.get(sum).get(X).mem(F64_LOAD, 3, 0).get(Y).mem(F64_LOAD, 3, 0).op(F64_MUL).op(F64_ADD).set(sum);
      f.get(X).i32Const(8).op(I32_ADD).set(X);
      f.get(Y).i32Const(8).op(I32_ADD).set(Y);
    },
  );
  f.get(sum);
  return f;
}

/**
 * `transposeH(m, H, Ht, G)`: `Ht = Hᵀ` for H k × m (row-major; Ht m × k), adding each eight rows written
 * into `G` with the module's `gram` (function `gramIndex`) as {@link hUpdate} does, so `G` (zeroed by the
 * caller) ends as the upper triangle of H·Hᵀ with the bits of `gram(m, Ht, G)`; with `back`,
 * `transposeHt(m, H, Ht)`: `H = (Hᵀ)ᵀ`.
 */
function transposeH(k: number, back: boolean, gramIndex = -1): WasmFunction {
  const [M, H, HT, G] = [0, 1, 2, 3];
  const f = new WasmFunction(back ? ['i32', 'i32', 'i32'] : ['i32', 'i32', 'i32', 'i32'], []);
  const end = f.local('i32');
  const mb = f.local('i32');
  const p = f.local('i32');
  const j = f.local('i32');
  const rowBytes = k * 8;
  f.i32Const(0).set(j);
  f.get(M).i32Const(8).op(I32_MUL).tee(mb).get(H).op(I32_ADD).set(end);
  f.whileLoop(
    () => f.get(H).get(end).op(I32_LT_S),
    () => {
      f.get(H).set(p);
      for (let c = 0; c < k; c++) {
        if (back)
          f.get(p)
            .get(HT)
            .mem(F64_LOAD, 3, c * 8)
            .mem(F64_STORE, 3, 0);
        else
          f.get(HT)
            .get(p)
            .mem(F64_LOAD, 3, 0)
            .mem(F64_STORE, 3, c * 8);
        if (c + 1 < k) f.get(p).get(mb).op(I32_ADD).set(p);
      }
      f.get(H).i32Const(8).op(I32_ADD).set(H);
      f.get(HT)
        .i32Const(k * 8)
        .op(I32_ADD)
        .set(HT);
      if (!back) {
        // Eight more rows of Hᵀ written: into G while they are in the cache (as hUpdate does).
        f.get(j)
          .i32Const(1)
          .op(I32_ADD)
          .tee(j)
          .i32Const(GRAM_ROWS - 1)
          .op(I32_AND)
          .op(I32_EQZ);
        f.ifThen(() => {
          f.i32Const(GRAM_ROWS)
            .get(HT)
            .i32Const(GRAM_ROWS * rowBytes)
            .op(I32_SUB)
            .get(G)
            .op(CALL, gramIndex);
        });
      }
    },
  );
  if (!back) {
    f.get(M)
      .i32Const(GRAM_ROWS - 1)
      .op(I32_AND)
      .set(p);
    f.get(p).get(HT).get(p).i32Const(rowBytes).op(I32_MUL).op(I32_SUB).get(G).op(CALL, gramIndex);
  }
  return f;
}

/**
 * `scan(n, x) -> f64`: the largest of `x[0 : n]` when every value is finite and ≥ 0 (−0 included), else −1
 * — the value check of a batch or a start in one pass (the caller looks for the offending entry only when
 * there is one).
 */
function scan(): WasmFunction {
  const [N, X] = [0, 1];
  const f = new WasmFunction(['i32', 'i32'], ['f64']);
  const end = f.local('i32');
  const lo = f.local('v128');
  const hi = f.local('v128');
  const v = f.local('v128');
  const least = f.local('f64');
  const most = f.local('f64');
  f.v128f64(0).set(lo);
  f.v128f64(0).set(hi);
  // Pairs, then the odd last value (loaded into both lanes).
  f.get(N).i32Const(~1).op(I32_AND).i32Const(8).op(I32_MUL).get(X).op(I32_ADD).set(end);
  f.whileLoop(
    () => f.get(X).get(end).op(I32_LT_S),
    () => {
      f.get(X).simdMem(SIMD.load, 0, 3).set(v);
      // min and max propagate NaN
      f.get(lo).get(v).simd(F64X2_MIN).set(lo);
      f.get(hi).get(v).simd(F64X2_MAX).set(hi);
      f.get(X).i32Const(16).op(I32_ADD).set(X);
    },
  );
  f.get(N).i32Const(1).op(I32_AND);
  f.ifThen(() => {
    f.get(X).simdMem(SIMD.load64Splat, 0, 3).set(v);
    f.get(lo).get(v).simd(F64X2_MIN).set(lo);
    f.get(hi).get(v).simd(F64X2_MAX).set(hi);
  });
  f.get(lo).extractLane(0).get(lo).extractLane(1).op(F64_MIN).set(least);
  f.get(hi).extractLane(0).get(hi).extractLane(1).op(F64_MAX).set(most);
  // valid = least ≥ 0 && most < ∞ (false for NaN)
  f.get(most)
    .f64Const(-1)
    .get(least)
    .f64Const(0)
    .op(F64_GE)
    .get(most)
    .f64Const(Number.POSITIVE_INFINITY)
    .op(F64_LT)
    .op(I32_AND)
    .op(SELECT);
  return f;
}

/**
 * `csrWellFormed(rows, cols, nnz, indptr, indices) -> i32`: 1 when the row pointers do not decrease and
 * stay within [0, nnz] and every row's columns lie in [0, cols) strictly ascending (`CsrMatrix.check`'s
 * conditions), else 0 (the caller then runs that check for its message).
 */
function csrWellFormed(): WasmFunction {
  const [ROWS, COLS, NNZ, INDPTR, INDICES] = [0, 1, 2, 3, 4];
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32', 'i32'], ['i32']);
  const i = f.local('i32');
  const start = f.local('i32');
  const end = f.local('i32');
  const previous = f.local('i32');
  const col = f.local('i32');
  const ok = f.local('i32');
  f.i32Const(1).set(ok);
  f.i32Const(0).set(end);
  f.i32Const(0).set(i);
  f.whileLoop(
    () => f.get(i).get(ROWS).op(I32_LT_S).get(ok).op(I32_AND),
    () => {
      f.get(end).set(start);
      f.get(INDPTR).get(i).i32Const(4).op(I32_MUL).op(I32_ADD).mem(I32_LOAD, 2, 4).set(end);
      // start ≤ end ≤ nnz (start ≥ 0 by induction from indptr[0] = 0)
      f.get(ok)
        .get(start)
        .get(end)
        .op(I32_LE_S)
        .op(I32_AND)
        .get(end)
        .get(NNZ)
        .op(I32_LE_S)
        .op(I32_AND)
        .set(ok);
      f.get(ok);
      f.ifThen(() => {
        f.i32Const(-1).set(previous);
        f.whileLoop(
          () => f.get(start).get(end).op(I32_LT_S).get(ok).op(I32_AND),
          () => {
            f.get(INDICES).get(start).i32Const(4).op(I32_MUL).op(I32_ADD).mem(I32_LOAD, 2, 0).set(col);
            // previous < col < cols (col > previous ≥ −1 makes col ≥ 0)
            f.get(ok)
              .get(previous)
              .get(col)
              .op(I32_LT_S)
              .op(I32_AND)
              .get(col)
              .get(COLS)
              .op(I32_LT_S)
              .op(I32_AND)
              .set(ok);
            f.get(col).set(previous);
            f.get(start).i32Const(1).op(I32_ADD).set(start);
          },
        );
      });
      f.get(i).i32Const(1).op(I32_ADD).set(i);
    },
  );
  f.get(ok);
  return f;
}

interface OnlineExports {
  hUpdate(
    m: number,
    A: number,
    B: number,
    Ht: number,
    XtW: number,
    WtWT: number,
    den: number,
    G: number,
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
  wUpdate(r0: number, r1: number, W: number, XHt: number, HHt: number): void;
  gramRows(r0: number, r1: number, W: number, G: number): void;
  dot(n: number, x: number, y: number): number;
  transposeH(m: number, H: number, Ht: number, G: number): void;
  transposeHt(m: number, H: number, Ht: number): void;
  scan(n: number, x: number): number;
  csrWellFormed(rows: number, cols: number, nnz: number, indptr: number, indices: number): number;
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
  readonly HHt: number;
  readonly den: number;
  readonly G: number;
  readonly GW: number;
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
  const A = take(km);
  const B = take(km);
  const Ht = take(km);
  const XtW = take(km);
  return {
    // H (k × m) shares XᵀW's memory: the steps keep Hᵀ only, and H is needed only to place a start and
    // to be read between steps, when XᵀW is free.
    H: XtW,
    A,
    B,
    Ht,
    XtW,
    WtWT: take(k * k * 8),
    HHt: take(k * k * 8),
    den: take((k + 2) * 8),
    G: take(k * k * 8),
    GW: take(k * k * 8),
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
 * step of the model reads and writes them as before), with room for a batch of rows, its W and X·Hᵀ. The
 * steps update Hᵀ only; H shares XᵀW's memory and is transposed back when it is read between steps. The
 * passes of a mini-batch step run as SIMD kernels emitted for k — the H update (`WᵀW·H`, the sums and the
 * ratio, in one pass over the columns, bit for bit the plain update), `HHᵀ` as the Gram matrix of Hᵀ, the
 * W update (`W·HHᵀ` and the multiplicative step, bit for bit `gemm` + `muUpdate`), `WᵀW` and the dot
 * products of the batch cost (bit for bit `gram` and `ddot`) — and so do the batch's sparse products
 * `X_b·Hᵀ` and `X_bᵀ·W` (linalg's block kernels). `HHᵀ` and the sparse products sum in another order
 * than the plain kernels, so the factors agree with the plain path to rounding, not bit for bit.
 *
 * A finite matrix can be {@link pin}ned: copied in once, so that its batches and the final loss read it
 * there without another copy; W then lives in the engine too (rows indexed as in the matrix). Emitting and
 * compiling is paid once per k and process.
 * @internal
 */
export class OnlineKernels {
  H!: Float64Array<ArrayBuffer>;
  A!: Float64Array<ArrayBuffer>;
  B!: Float64Array<ArrayBuffer>;
  Ht!: Float64Array<ArrayBuffer>;
  XtW!: Float64Array<ArrayBuffer>;
  private layout!: Layout;
  private buffer!: ArrayBuffer;
  private WtWT!: Float64Array;
  private HHt!: Float64Array;
  private G!: Float64Array;
  private GW!: Float64Array;
  private den!: Float64Array;
  private W!: Float64Array;
  private indptr!: Int32Array;
  private indices!: Int32Array;
  private data!: Float64Array;
  private exports!: OnlineExports;
  private rowsCap = 0;
  private nnzCap = 0;
  /** The matrix copied in whole by {@link pin}, whose batches need no copy; null when a batch was copied. */
  private pinned: CsrMatrix | null = null;
  /** The current batch: rows `[r0, r0 + rows)` of what is loaded. */
  private r0 = 0;
  private rows = 0;
  /** Whether H holds the values of Hᵀ (the H update writes Hᵀ only; {@link syncH} catches H up). */
  private hFresh = true;
  /** Whether G holds the upper triangle of H·Hᵀ for the current Hᵀ (the H update sums it on the way). */
  private gramOfHt = false;
  /** Whether XᵀW is all zeros (the H update zeroes what it read). */
  private xtwZero = true;

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

  /** A memory for batches up to `rows` rows and `nnz` entries; H, A, B, Hᵀ and HHᵀ move over when there were some. */
  private allocate(rows: number, nnz: number): void {
    const { k, m } = this;
    const layout = planLayout(k, m, rows, nnz);
    const pages = Math.max(1, Math.ceil(layout.bytes / 65536));
    const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
    const buffer = memory.buffer;
    const f64 = (at: number, n: number) => new Float64Array(buffer, at, n);
    const km = k * m;
    const old = this.layout === undefined ? null : [this.H, this.A, this.B, this.Ht, this.HHt];
    const keepH = old !== null && this.hFresh;
    this.layout = layout;
    this.buffer = buffer;
    this.H = f64(layout.H, km);
    this.A = f64(layout.A, km);
    this.B = f64(layout.B, km);
    this.Ht = f64(layout.Ht, km);
    this.XtW = f64(layout.XtW, km);
    if (old !== null) {
      if (keepH) this.H.set(old[0]);
      this.A.set(old[1]);
      this.B.set(old[2]);
      this.Ht.set(old[3]);
    }
    this.WtWT = f64(layout.WtWT, k * k);
    this.HHt = f64(layout.HHt, k * k);
    if (old !== null) this.HHt.set(old[4]);
    this.G = f64(layout.G, k * k);
    this.GW = f64(layout.GW, k * k);
    this.den = f64(layout.den, k + 2);
    this.indptr = new Int32Array(buffer, layout.indptr, rows + 1);
    this.indices = new Int32Array(buffer, layout.indices, nnz);
    this.data = f64(layout.data, nnz);
    this.W = f64(layout.W, rows * k);
    this.rowsCap = rows;
    this.nnzCap = nnz;
    this.pinned = null;
    this.gramOfHt = false;
    // H's memory is XᵀW's: holding H, or all zeros.
    this.xtwZero = !keepH;
    this.hFresh = keepH;
    let module = modules.get(k);
    if (module === undefined) {
      module = new wasmApi.Module(
        wasmModule(
          [
            hUpdate(k, 1),
            gramKernel(k),
            csrTimesBlockKernel(k),
            csrTransposeTimesBlockKernel(k),
            wUpdate(k),
            gramRows(k),
            dot(),
            transposeH(k, false, 1),
            transposeH(k, true),
            scan(),
            csrWellFormed(),
          ],
          [
            'hUpdate',
            'gram',
            'csrTimesBlock',
            'csrTransposeTimesBlock',
            'wUpdate',
            'gramRows',
            'dot',
            'transposeH',
            'transposeHt',
            'scan',
            'csrWellFormed',
          ],
        ),
      );
      modules.set(k, module);
    }
    this.exports = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as OnlineExports;
  }

  /** Writes Hᵀ from H (after H was set from outside), and H·Hᵀ on the way (for {@link gramH}). */
  transposeH(): void {
    const L = this.layout;
    this.G.fill(0);
    this.exports.transposeH(this.m, L.H, L.Ht, L.G);
    this.hFresh = true;
    this.xtwZero = false;
    this.gramOfHt = true;
  }

  /**
   * The value check of the pinned matrix: its largest value when all are finite and ≥ 0, else −1; and
   * whether its structure is well formed (`CsrMatrix.check`'s conditions).
   */
  checkPinned(): { largest: number; wellFormed: boolean } {
    const X = this.pinned as CsrMatrix;
    const L = this.layout;
    return {
      largest: this.exports.scan(X.nnz, L.data),
      wellFormed: this.exports.csrWellFormed(X.rows, X.cols, X.nnz, L.indptr, L.indices) === 1,
    };
  }

  /** Copies a start's H in; returns its largest value when all are finite and ≥ 0, else −1. */
  placeStartH(H: Float64Array): number {
    this.H.set(H);
    this.hFresh = false;
    this.xtwZero = false;
    return this.exports.scan(this.k * this.m, this.layout.H);
  }

  /**
   * Copies a start's W in as the pinned matrix's resident W ({@link residentW}); returns its largest
   * value when all are finite and ≥ 0, else −1.
   */
  placeStartW(W: Float64Array): number {
    return this.exports.scan(this.residentW(W).length, this.layout.W);
  }

  /**
   * Brings H up to date with Hᵀ (the steps update Hᵀ only): call before reading H, between steps (H
   * shares XᵀW's memory, so it holds until the next batch's numerator or `touchedXtW`).
   */
  syncH(): void {
    if (this.hFresh) return;
    const L = this.layout;
    this.exports.transposeHt(this.m, L.H, L.Ht);
    this.hFresh = true;
    this.xtwZero = false;
  }

  /**
   * Copies all of X in (the engine must have room for it): its batches are then taken without a copy, W
   * may live in the engine ({@link residentW}), and {@link loadBatch} of X's rows only selects them. X must
   * not change while it is pinned.
   */
  pin(X: CsrMatrix): void {
    if (X.rows > this.rowsCap || X.nnz > this.nnzCap) this.allocate(X.rows, X.nnz);
    this.copyRows(X, 0, X.rows);
    this.pinned = X;
  }

  /**
   * W of the pinned matrix's rows (rows × k) in the engine, holding a copy of `W`, or a fill value (or as
   * it is, without `W`): the
   * steps' W updates run on it in place. It stays valid while nothing larger than the pinned matrix is
   * loaded.
   */
  residentW(W?: Float64Array | number): Float64Array {
    const n = (this.pinned as CsrMatrix).rows * this.k;
    const view = this.W.subarray(0, n);
    if (typeof W === 'number') view.fill(W);
    else if (W !== undefined) view.set(W.subarray(0, n));
    return view;
  }

  /** Copies rows `[offset, offset + rows)` of X to rows `[0, rows)` of the engine's CSR arrays. */
  private copyRows(X: CsrMatrix, offset: number, rows: number): void {
    const base = X.indptr[offset];
    const nnz = X.indptr[offset + rows] - base;
    const indptr = this.indptr;
    if (base === 0) indptr.set(X.indptr.subarray(offset, offset + rows + 1));
    else for (let i = 0; i <= rows; i++) indptr[i] = X.indptr[offset + i] - base;
    this.indices.set(X.indices.subarray(base, base + nnz));
    this.data.set(X.data.subarray(base, base + nnz));
    this.r0 = 0;
    this.rows = rows;
  }

  /**
   * Makes rows `[offset, offset + rows)` of X the current batch: selected when X is pinned, else copied in.
   * Returns true when that needed a larger memory: H, A, B, Hᵀ and XᵀW are then new views (with the same
   * values) the caller must adopt.
   */
  loadBatch(X: CsrMatrix, offset: number, rows: number): boolean {
    if (X === this.pinned) {
      this.r0 = offset;
      this.rows = rows;
      return false;
    }
    const nnz = X.indptr[offset + rows] - X.indptr[offset];
    const grow = rows > this.rowsCap || nnz > this.nnzCap;
    if (grow) this.allocate(Math.max(rows, this.rowsCap), Math.max(nnz, this.nnzCap));
    this.pinned = null;
    this.copyRows(X, offset, rows);
    return grow;
  }

  /** Byte address of the current batch's first row in a rows-indexed region (W or XHt). */
  private rowAddress(region: number): number {
    return region + this.r0 * this.k * 8;
  }

  /**
   * The address of the batch's W: `w` itself when it is the engine's resident W at the batch's rows, else
   * a copy of its first rows × k values there (the batch's W rows, rows × k).
   */
  private placeW(w: Float64Array): number {
    const at = this.rowAddress(this.layout.W);
    if (w.buffer !== this.buffer || w.byteOffset !== at) {
      this.W.set(w.subarray(0, this.rows * this.k), this.r0 * this.k);
    }
    return at;
  }

  /** `X_b·Hᵀ` (rows × k) for the batch loaded, kept in the engine; `Ht` must hold H's transpose. */
  timesHt(): void {
    const L = this.layout;
    const { r0 } = this;
    this.exports.csrTimesBlock(r0, r0 + this.rows, L.indptr, L.indptr + 4, L.indices, L.data, L.Ht, L.XHt, 1);
  }

  /** The batch's `X_b·Hᵀ` of the last {@link timesHt} (a view, rows × k). */
  xht(): Float64Array {
    const k = this.k;
    return new Float64Array(this.buffer, this.rowAddress(this.layout.XHt), this.rows * k);
  }

  /** One multiplicative update of the batch's W (rows × k, in place) from `X_b·Hᵀ` and `HHᵀ` (see `wUpdate`). */
  updateW(w: Float64Array): void {
    const at = this.placeW(w);
    const L = this.layout;
    this.exports.wUpdate(this.r0, this.r0 + this.rows, L.W, L.XHt, L.HHt);
    if (w.buffer !== this.buffer || w.byteOffset !== at) {
      w.set(new Float64Array(this.buffer, at, this.rows * this.k));
    }
  }

  /** `WtW = W_bᵀW_b` (k × k) of the batch's W, bit for bit `gram`. */
  gramW(w: Float64Array, WtW: Float64Array): void {
    const { k, GW: G } = this;
    this.placeW(w);
    G.fill(0);
    this.exports.gramRows(this.r0, this.r0 + this.rows, this.layout.W, this.layout.GW);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) WtW[a * k + b] = b >= a ? G[a * k + b] : G[b * k + a];
  }

  /** ⟨X_b·Hᵀ, W_b⟩ of the batch's W and the last {@link timesHt}, bit for bit `ddot`. */
  cross(w: Float64Array): number {
    const at = this.placeW(w);
    return this.exports.dot(this.rows * this.k, this.rowAddress(this.layout.XHt), at);
  }

  /** ‖X_b‖²_F of the batch loaded, bit for bit `ddot` of its values. */
  normX(): number {
    const L = this.layout;
    const indptr = this.indptr;
    const base = indptr[this.r0];
    return this.exports.dot(indptr[this.r0 + this.rows] - base, L.data + base * 8, L.data + base * 8);
  }

  /** `XtW = X_bᵀ·w` (terms × k) for the batch loaded and its W (rows × k). */
  transposeTimes(w: Float64Array): void {
    const L = this.layout;
    const at = this.placeW(w);
    const { r0 } = this;
    if (!this.xtwZero) this.XtW.fill(0);
    this.xtwZero = false;
    this.hFresh = false;
    this.exports.csrTransposeTimesBlock(
      r0,
      r0 + this.rows,
      L.indptr,
      L.indptr + 4,
      L.indices,
      L.data,
      at - r0 * this.k * 8,
      L.XtW,
    );
  }

  /**
   * The online H update from `WtW` (k × k) and the numerator already in `XtW`, with forgetting weight
   * `rho`; `Ht` must hold H's transpose. Leaves A, B and Hᵀ updated (H on {@link syncH}), XᵀW zeroed and
   * H·Hᵀ ready for {@link gramH}.
   */
  updateH(WtW: Float64Array, rho: number): void {
    const { k, WtWT } = this;
    const L = this.layout;
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) WtWT[r * k + c] = WtW[c * k + r];
    this.G.fill(0);
    this.exports.hUpdate(this.m, L.A, L.B, L.Ht, L.XtW, L.WtWT, L.den, L.G, rho);
    this.hFresh = false;
    this.gramOfHt = true;
    this.xtwZero = true;
  }

  /** Marks XᵀW as written from outside (it is zeroed before the next batch's numerator). */
  touchedXtW(): void {
    this.xtwZero = false;
    this.hFresh = false;
  }

  /**
   * ‖H_new − H_old‖ / ‖H_new‖ of the last {@link updateH} (scikit-learn's `H_diff`, summed column by
   * column rather than row by row).
   */
  lastChange(): number {
    const k = this.k;
    return Math.sqrt(this.den[k]) / Math.sqrt(this.den[k + 1]);
  }

  /** `HHt = H·Hᵀ` (k × k) as the Gram matrix of `Ht`, also kept in the engine for {@link updateW}. */
  gramH(HHt: Float64Array): void {
    const { k, G } = this;
    if (!this.gramOfHt) {
      G.fill(0);
      this.exports.gram(this.m, this.layout.Ht, this.layout.G);
      this.gramOfHt = true;
    }
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) HHt[a * k + b] = b >= a ? G[a * k + b] : G[b * k + a];
    this.HHt.set(HHt);
  }
}
