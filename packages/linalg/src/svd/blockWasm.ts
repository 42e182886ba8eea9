import { SIMD, WasmFunction, wasmModule } from '../fast/WasmWriter.js';
import { wasmApi } from '../fast/wasmApi.js';

/** Columns of the block kept in registers while a row's non-zeros stream past: four f64x2 sums. */
const CHUNK = 8;

// Core opcodes used below (WebAssembly Core Specification 2.0, §5.4).
const I32_LOAD = 0x28;
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_LT_S = 0x48;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const I32_SUB = 0x6b;

/** The exported kernels of one module, specialised to a block width `l`. */
export interface BlockKernels {
  /**
   * `out[i, :] = scale·Σ_p X[i, j_p]·B[j_p, :]` for rows `[row0, row1)` of a CSR `X` whose arrays sit at the
   * given byte addresses. Row `i`'s entries are `[lo[i], hi[i])`: `lo = indptr`, `hi = indptr + 4 bytes` for
   * whole rows (indexed by row, so a row range needs no offset arithmetic by the caller).
   */
  readonly csrTimesBlock: (
    row0: number,
    row1: number,
    lo: number,
    hi: number,
    indices: number,
    data: number,
    b: number,
    out: number,
    scale: number,
  ) => void;
  /**
   * `out += X[row0:row1, :]ᵀ·B[row0:row1, :]` (`out: n × l`, scattered into row by row), entries
   * `[lo[i], hi[i])` of each row: with `lo`/`hi` the bounds of a range of columns in every row, a block of
   * `out`'s rows gets exactly the terms, in exactly the order, the whole product gives it.
   */
  readonly csrTransposeTimesBlock: (
    row0: number,
    row1: number,
    lo: number,
    hi: number,
    indices: number,
    data: number,
    b: number,
    out: number,
    scale?: number,
  ) => void;
}

/** The locals every kernel's row loop uses. */
interface RowLocals {
  readonly start: number;
  readonly end: number;
  readonly q: number;
  readonly d: number;
  readonly target: number;
  readonly r: readonly number[];
  readonly s: readonly number[];
  readonly acc: readonly number[];
  readonly tail: number;
}

const [ROW, ROW1, LO, HI, INDICES, DATA, B, OUT, SCALE] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

function rowLocals(f: WasmFunction): RowLocals {
  return {
    start: f.local('i32'),
    end: f.local('i32'),
    q: f.local('i32'),
    d: f.local('i32'),
    target: f.local('i32'),
    r: [f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32')],
    s: [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')],
    acc: [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')],
    tail: f.local('f64'),
  };
}

/**
 * The loop over rows `[ROW, ROW1)`: sets `start`/`end` to the indices addresses of the row's first and
 * past-the-last entry, then runs `body`.
 */
function forEachRow(f: WasmFunction, v: RowLocals, body: () => void): void {
  f.whileLoop(
    () => f.get(ROW).get(ROW1).op(I32_LT_S),
    () => {
      f.get(ROW).i32Const(4).op(I32_MUL).set(v.d);
      f.get(v.d).get(LO).op(I32_ADD).mem(I32_LOAD, 2, 0).i32Const(4).op(I32_MUL).get(INDICES).op(I32_ADD);
      f.set(v.start);
      f.get(v.d).get(HI).op(I32_ADD).mem(I32_LOAD, 2, 0).i32Const(4).op(I32_MUL).get(INDICES).op(I32_ADD);
      f.set(v.end);
      body();
      f.get(ROW).i32Const(1).op(I32_ADD).set(ROW);
    },
  );
}

/** Sets `q` to `start` and `d` to the matching address in `data` (8 bytes per entry to indices' 4). */
function rewind(f: WasmFunction, v: RowLocals): void {
  f.get(v.start).set(v.q);
  f.get(v.start).get(INDICES).op(I32_SUB).i32Const(2).op(I32_MUL).get(DATA).op(I32_ADD).set(v.d);
}

/**
 * `target[:] = scale·Σ_p X[i, j_p]·B[j_p, :]` for the current row, in chunks of {@link CHUNK} columns
 * held in four f64x2 sums while the row's non-zeros stream past, four at a time, so the target is written
 * once per row instead of once per non-zero, and every load of `B` is a 16-byte vector. Every entry is
 * summed in exactly the order of the TypeScript `csrTimesBlock` (`acc + (((v₀b₀ + v₁b₁) + v₂b₂) + v₃b₃)`
 * per group of four, then one at a time) and then multiplied by `scale` (an f64 local), as the TypeScript
 * path multiplies after the product, so
 * both give the same bits.
 */
function emitRowGather(f: WasmFunction, v: RowLocals, l: number, scale: number): void {
  const rowBytes = l * 8;
  const rowAddress = (t: number) => {
    f.get(v.q)
      .mem(I32_LOAD, 2, 4 * t)
      .i32Const(rowBytes)
      .op(I32_MUL)
      .get(B)
      .op(I32_ADD);
  };
  for (let c0 = 0; c0 < l; c0 += CHUNK) {
    const width = Math.min(CHUNK, l - c0);
    const vectors = width >> 1;
    const odd = (width & 1) === 1;
    const last = (c0 + width - 1) * 8;
    for (let j = 0; j < vectors; j++) f.v128f64(0).set(v.acc[j]);
    if (odd) f.f64Const(0).set(v.tail);
    rewind(f, v);
    f.whileLoop(
      () => f.get(v.q).i32Const(12).op(I32_ADD).get(v.end).op(I32_LT_S),
      () => {
        for (let t = 0; t < 4; t++) {
          f.get(v.d)
            .simdMem(SIMD.load64Splat, 8 * t, 3)
            .set(v.s[t]);
          rowAddress(t);
          f.set(v.r[t]);
        }
        for (let j = 0; j < vectors; j++) {
          f.get(v.acc[j]);
          for (let t = 0; t < 4; t++) {
            f.get(v.s[t])
              .get(v.r[t])
              .simdMem(SIMD.load, (c0 + 2 * j) * 8, 3)
              .simd(SIMD.f64x2Mul);
            if (t > 0) f.simd(SIMD.f64x2Add);
          }
          f.simd(SIMD.f64x2Add).set(v.acc[j]);
        }
        if (odd) {
          f.get(v.tail);
          for (let t = 0; t < 4; t++) {
            f.get(v.d)
              .mem(F64_LOAD, 3, 8 * t)
              .get(v.r[t])
              .mem(F64_LOAD, 3, last)
              .op(F64_MUL);
            if (t > 0) f.op(F64_ADD);
          }
          f.op(F64_ADD).set(v.tail);
        }
        f.get(v.q).i32Const(16).op(I32_ADD).set(v.q);
        f.get(v.d).i32Const(32).op(I32_ADD).set(v.d);
      },
    );
    f.whileLoop(
      () => f.get(v.q).get(v.end).op(I32_LT_S),
      () => {
        f.get(v.d).simdMem(SIMD.load64Splat, 0, 3).set(v.s[0]);
        rowAddress(0);
        f.set(v.r[0]);
        for (let j = 0; j < vectors; j++) {
          f.get(v.acc[j])
            .get(v.s[0])
            .get(v.r[0])
            .simdMem(SIMD.load, (c0 + 2 * j) * 8, 3)
            .simd(SIMD.f64x2Mul)
            .simd(SIMD.f64x2Add)
            .set(v.acc[j]);
        }
        if (odd) {
          f.get(v.tail).get(v.d).mem(F64_LOAD, 3, 0).get(v.r[0]).mem(F64_LOAD, 3, last);
          f.op(F64_MUL).op(F64_ADD).set(v.tail);
        }
        f.get(v.q).i32Const(4).op(I32_ADD).set(v.q);
        f.get(v.d).i32Const(8).op(I32_ADD).set(v.d);
      },
    );
    for (let j = 0; j < vectors; j++) {
      f.get(v.target).get(v.acc[j]);
      f.get(scale).simd(SIMD.f64x2Splat).simd(SIMD.f64x2Mul);
      f.simdMem(SIMD.store, (c0 + 2 * j) * 8, 3);
    }
    if (odd) {
      f.get(v.target).get(v.tail);
      f.get(scale).op(F64_MUL);
      f.mem(F64_STORE, 3, last);
    }
  }
}

/**
 * `OUT[j_p, :] += X[i, j_p]·source[:]` for each entry of the current row, one entry after the other, as
 * the TypeScript `csrTransposeMulDense` does (the same bits). `source` is the address in local `from`.
 */
function emitRowScatter(f: WasmFunction, v: RowLocals, l: number, from: number): void {
  const vectors = l >> 1;
  const odd = (l & 1) === 1;
  const last = (l - 1) * 8;
  rewind(f, v);
  f.whileLoop(
    () => f.get(v.q).get(v.end).op(I32_LT_S),
    () => {
      f.get(v.d).simdMem(SIMD.load64Splat, 0, 3).set(v.s[0]);
      f.get(v.q)
        .mem(I32_LOAD, 2, 0)
        .i32Const(l * 8)
        .op(I32_MUL)
        .get(OUT)
        .op(I32_ADD)
        .set(v.r[0]);
      for (let j = 0; j < vectors; j++) {
        f.get(v.r[0])
          .get(v.r[0])
          .simdMem(SIMD.load, j * 16, 3);
        f.get(v.s[0])
          .get(from)
          .simdMem(SIMD.load, j * 16, 3)
          .simd(SIMD.f64x2Mul);
        f.simd(SIMD.f64x2Add).simdMem(SIMD.store, j * 16, 3);
      }
      if (odd) {
        f.get(v.r[0]).get(v.r[0]).mem(F64_LOAD, 3, last);
        f.get(v.d).mem(F64_LOAD, 3, 0).get(from).mem(F64_LOAD, 3, last).op(F64_MUL);
        f.op(F64_ADD).mem(F64_STORE, 3, last);
      }
      f.get(v.q).i32Const(4).op(I32_ADD).set(v.q);
      f.get(v.d).i32Const(8).op(I32_ADD).set(v.d);
    },
  );
}

const PARAMS = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;

/**
 * A WebAssembly function `csrTimesBlock(row0, row1, lo, hi, indices, data, b, out, scale)` (i32 byte
 * addresses, f64 scale) for block width `l`: `out[i, :] = scale·Σ_p X[i, j_p]·B[j_p, :]` over rows
 * `[row0, row1)` of a CSR `X`, row i's entries `[lo[i], hi[i])` (see {@link BlockKernels}). For composing
 * modules with `wasmModule` (the randomized SVD's `A·Ω`, the fused online NMF's `X_b·Hᵀ`).
 *
 * @example
 * ```ts
 * import { csrTimesBlockKernel, wasmModule } from '@rivulet/linalg';
 * const bytes = wasmModule([csrTimesBlockKernel(10)], ['csrTimesBlock']);
 * ```
 */
export function csrTimesBlockKernel(l: number): WasmFunction {
  const f = new WasmFunction([...PARAMS, 'f64'], []);
  const v = rowLocals(f);
  forEachRow(f, v, () => {
    f.get(ROW)
      .i32Const(l * 8)
      .op(I32_MUL)
      .get(OUT)
      .op(I32_ADD)
      .set(v.target);
    emitRowGather(f, v, l, SCALE);
  });
  return f;
}

/**
 * A WebAssembly function `csrTransposeTimesBlock(row0, row1, lo, hi, indices, data, b, out)` for block
 * width `l`: `out += X[row0:row1, :]ᵀ·B[row0:row1, :]`, scattered row by row (see {@link BlockKernels}).
 * For composing modules with `wasmModule` (the randomized SVD's `Aᵀ·Y`, the fused online NMF's `X_bᵀ·W`).
 *
 * @example
 * ```ts
 * import { csrTransposeTimesBlockKernel, wasmModule } from '@rivulet/linalg';
 * const bytes = wasmModule([csrTransposeTimesBlockKernel(10)], ['csrTransposeTimesBlock']);
 * ```
 */
export function csrTransposeTimesBlockKernel(l: number): WasmFunction {
  const f = new WasmFunction(PARAMS, []);
  const v = rowLocals(f);
  const from = f.local('i32');
  forEachRow(f, v, () => {
    f.get(ROW)
      .i32Const(l * 8)
      .op(I32_MUL)
      .get(B)
      .op(I32_ADD)
      .set(from);
    emitRowScatter(f, v, l, from);
  });
  return f;
}

/** Compiled modules by block width and memory sharing: emitted and compiled once per kind and process. */
const modules = new Map<string, object>();

/**
 * The compiled block-kernel module for width `l`, importing a shared memory when `shared` (so a second
 * thread can run it on the same blocks). Emitted and compiled on first use and kept for the life of
 * the process; instantiating it over another memory costs microseconds.
 * @internal
 */
export function blockModule(l: number, shared: boolean): object {
  const key = `${l},${shared}`;
  let module = modules.get(key);
  if (module === undefined) {
    module = new wasmApi.Module(
      wasmModule(
        [csrTimesBlockKernel(l), csrTransposeTimesBlockKernel(l)],
        ['csrTimesBlock', 'csrTransposeTimesBlock'],
        1,
        65536,
        shared,
      ),
    );
    modules.set(key, module);
  }
  return module;
}

/** The block kernels of {@link blockModule} over `memory` (a `WebAssembly.Memory`). @internal */
export function blockKernels(module: object, memory: object): BlockKernels {
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as BlockKernels;
}
