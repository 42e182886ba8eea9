import { SIMD, WasmFunction, wasmModule } from '../fast/WasmWriter.js';
import { wasmApi } from '../fast/wasmApi.js';
import { CMD_GRAM, CMD_TIMES_UPPER } from './blockThread.js';

/**
 * The dense passes of the randomized SVD over a tall, narrow block `Y: m × l` (row-major): its Gram
 * matrix, the in-place product with an upper-triangular `l × l` factor (Cholesky QR's `Y·R⁻¹`), and the
 * product with a small `l × c` matrix (the final `U = Q·Û` and `V = Q₂·V̂`). {@link jsDense} runs them as
 * TypeScript loops; {@link DenseWorkspaceOps} as WebAssembly SIMD over blocks that live in its memory,
 * summing every entry in the same order, so both give the same bits (tested).
 * @internal
 */
export interface DenseOps {
  /**
   * `g = YᵀY` (`l × l`, both triangles): the Gram matrices of the row blocks of {@link denseBlocks},
   * added in block order (one block below `2 · DENSE_BLOCK_ROWS` rows).
   */
  gram(m: number, l: number, y: Float64Array, g: Float64Array): void;
  /** `Y ← Y·U` in place, `U` upper triangular (`l × l`, row-major; entries below the diagonal are 0). */
  timesUpper(m: number, l: number, y: Float64Array, u: Float64Array): void;
  /** `out = Y·M`, `M: l × c`, `out: m × c`. */
  times(m: number, l: number, c: number, y: Float64Array, M: Float64Array, out: Float64Array): void;
}

/**
 * `Y·M` (`m × c`, `M: l × c`) written over the start of `Y` (`m × l`, row-major), returned as a view of
 * those first `m · c` entries: the product without an `m × c` output block. With `c < l`, rows `i` and
 * `i + 1` of the product end before row `i` of `Y` begins once `i ≥ 2c / (l − c)`, so from there the rows
 * run through `ops.times` in place (its kernel reads {@link TIMES_ROWS} rows at a time, and their outputs
 * only overwrite rows already read); the first rows (all of them when `c ≥ l`) are computed by
 * {@link jsDense} into a small array first. Same bits as `ops.times` into another block.
 * @throws RangeError when `c > l` (the product would not fit)
 * @internal
 */
export function timesInPlace(
  ops: DenseOps,
  m: number,
  l: number,
  c: number,
  y: Float64Array,
  M: Float64Array,
): Float64Array {
  if (c > l) throw new RangeError(`timesInPlace: the product's ${c} columns do not fit over Y's ${l}`);
  const head = c === l ? m : Math.min(m, Math.ceil((TIMES_ROWS * c) / (l - c)));
  const first = new Float64Array(head * c);
  jsDense.times(head, l, c, y, M, first);
  if (head < m) ops.times(m - head, l, c, y.subarray(head * l), M, y.subarray(head * c));
  y.set(first);
  return y.subarray(0, m * c);
}

/** Rows of Y per pass of the Gram kernel: each Gram entry is loaded and stored once per eight rows. */
const GROUP = 8;
/** Pairs of output columns a product kernel sums side by side (independent chains of additions). */
const PAIRS = 6;
/**
 * Rows a product kernel sums at once (each vector of the small matrix loaded once for all of them). In
 * place, the product's row `i` must not reach the rows still being read, `i … i + TIMES_ROWS − 1`.
 * @internal
 */
export const TIMES_ROWS = 2;

/** Fewest rows of a block of the dense passes: below `2 ·` this, `Y` is one block. */
export const DENSE_BLOCK_ROWS = 1024;
/** Most blocks the dense passes cut `Y` into. */
export const MAX_DENSE_BLOCKS = 8;
/**
 * Multiply-adds of a dense pass (about `m · l² / 2` for the Gram pass and for the triangular product)
 * from which a workspace with a second thread hands the pass's blocks to it: below, a quarter of a
 * millisecond of work or less, and waking the worker costs about what it saves. Only who runs the blocks
 * depends on this, never the blocks or their order.
 * @internal
 */
export const DENSE_THREAD_WORK = 1_000_000;

/**
 * The fixed row blocks of the dense passes over `m` rows, as boundaries `[0, r₁, …, m]`: one block below
 * `2 · DENSE_BLOCK_ROWS` rows, else `min(MAX_DENSE_BLOCKS, ⌊m / DENSE_BLOCK_ROWS⌋)` blocks of a multiple of
 * eight rows (the Gram kernel's groups), the last one shorter. They depend on `m` only — never on the
 * thread count — so the Gram matrix, summed block by block in block order, has the same bits on one
 * thread or two (partial sums reduced in a fixed order, as the fused NMF engine's blocks are).
 * @internal
 */
export function denseBlocks(m: number): Int32Array {
  const blocks = m < 2 * DENSE_BLOCK_ROWS ? 1 : Math.min(MAX_DENSE_BLOCKS, Math.floor(m / DENSE_BLOCK_ROWS));
  const size = GROUP * Math.ceil(m / blocks / GROUP);
  const bounds = new Int32Array(blocks + 1);
  for (let b = 1; b <= blocks; b++) bounds[b] = Math.min(m, b * size);
  return bounds;
}

/**
 * Runs command `cmd` over the blocks of `table` (four i32 per block, the kernel's arguments) on two
 * threads, the caller running `runBlock` for the blocks it claims; returns false, having run nothing,
 * when the second thread is gone (the caller then runs every block itself).
 * @internal
 */
export type ParallelBlocks = (cmd: number, table: Int32Array, runBlock: (b: number) => void) => boolean;

/**
 * The TypeScript loops, the reference order: Gram entries `g[a][b] += ((y₀ₐy₀ᵦ + y₁ₐy₁ᵦ) + … + y₇ₐy₇ᵦ)`
 * per group of eight rows (then one row at a time), and every product entry `((0 + y₀m₀) + y₁m₁) + …` in
 * order of the shared index.
 * @internal
 */
export const jsDense: DenseOps = {
  gram(m, l, y, g) {
    const bounds = denseBlocks(m);
    gramLoops(bounds[1], l, y, g);
    if (bounds.length === 2) return;
    const part = new Float64Array(l * l);
    for (let b = 1; b + 1 < bounds.length; b++) {
      gramLoops(bounds[b + 1] - bounds[b], l, y.subarray(bounds[b] * l), part);
      for (let p = 0; p < l * l; p++) g[p] += part[p];
    }
  },
  timesUpper(m, l, y, u) {
    // Entry c of a row is its dot product with column c of U (stored transposed, so both operands are
    // contiguous and four rows' sums stay in registers). Entry c reads only entries ≤ c, so going from
    // the last column down the row is overwritten in place.
    const uT = new Float64Array(l * l);
    for (let c = 0; c < l; c++) for (let t = 0; t <= c; t++) uT[c * l + t] = u[t * l + c];
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const b0 = i * l;
      const b1 = b0 + l;
      const b2 = b1 + l;
      const b3 = b2 + l;
      for (let c = l - 1; c >= 0; c--) {
        const bc = c * l;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = 0; t <= c; t++) {
          const w = uT[bc + t];
          s0 += y[b0 + t] * w;
          s1 += y[b1 + t] * w;
          s2 += y[b2 + t] * w;
          s3 += y[b3 + t] * w;
        }
        y[b0 + c] = s0;
        y[b1 + c] = s1;
        y[b2 + c] = s2;
        y[b3 + c] = s3;
      }
    }
    for (; i < m; i++) {
      const b0 = i * l;
      for (let c = l - 1; c >= 0; c--) {
        const bc = c * l;
        let s0 = 0;
        for (let t = 0; t <= c; t++) s0 += y[b0 + t] * uT[bc + t];
        y[b0 + c] = s0;
      }
    }
  },
  times(m, l, c, y, M, out) {
    const mT = new Float64Array(c * l);
    for (let t = 0; t < l; t++) for (let j = 0; j < c; j++) mT[j * l + t] = M[t * c + j];
    for (let i = 0; i < m; i++) {
      const bi = i * l;
      for (let j = 0; j < c; j++) {
        const bj = j * l;
        let v = 0;
        for (let t = 0; t < l; t++) v += y[bi + t] * mT[bj + t];
        out[i * c + j] = v;
      }
    }
  },
};

function gramLoops(m: number, l: number, y: Float64Array, g: Float64Array): void {
  g.fill(0, 0, l * l);
  let i = 0;
  for (; i + GROUP - 1 < m; i += GROUP) {
    const b0 = i * l;
    const b1 = b0 + l;
    const b2 = b1 + l;
    const b3 = b2 + l;
    const b4 = b3 + l;
    const b5 = b4 + l;
    const b6 = b5 + l;
    const b7 = b6 + l;
    for (let a = 0; a < l; a++) {
      const x0 = y[b0 + a];
      const x1 = y[b1 + a];
      const x2 = y[b2 + a];
      const x3 = y[b3 + a];
      const x4 = y[b4 + a];
      const x5 = y[b5 + a];
      const x6 = y[b6 + a];
      const x7 = y[b7 + a];
      const ga = a * l;
      for (let b = a; b < l; b++) {
        g[ga + b] +=
          x0 * y[b0 + b] +
          x1 * y[b1 + b] +
          x2 * y[b2 + b] +
          x3 * y[b3 + b] +
          x4 * y[b4 + b] +
          x5 * y[b5 + b] +
          x6 * y[b6 + b] +
          x7 * y[b7 + b];
      }
    }
  }
  for (; i < m; i++) {
    const b0 = i * l;
    for (let a = 0; a < l; a++) {
      const x0 = y[b0 + a];
      const ga = a * l;
      for (let b = a; b < l; b++) g[ga + b] += x0 * y[b0 + b];
    }
  }
  mirrorUpper(g, l);
}

function mirrorUpper(g: Float64Array, l: number): void {
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
}

// Core opcodes (WebAssembly Core Specification 2.0, §5.4).
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_LT_S = 0x48;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;

/**
 * A WebAssembly function `gram(rows, y, g)` (i32 byte addresses) for row-major `Y: rows × l`:
 * `g += the upper triangle of YᵀY` (`l × l`, row-major; some entries just below the diagonal get sums
 * too, so mirror the upper triangle afterwards), in the order of the TypeScript `gram` loops of the
 * randomized SVD: per group of eight rows and per column `a`, the eight `y[r][a]` are splat into vectors
 * and each pair of columns `(b, b + 1)` from `a` rounded down to even gets `((y₀ₐ·y₀ᵦ + y₁ₐ·y₁ᵦ) + …)`
 * added — lanewise the scalar arithmetic, so the bits equal those loops'. For composing modules with
 * {@link wasmModule} (the fused online NMF's `HHᵀ` is its Gram matrix of `Hᵀ`).
 *
 * @example
 * ```ts
 * import { gramKernel, wasmModule } from '@rivulet/linalg';
 * const bytes = wasmModule([gramKernel(10)], ['gram']);
 * ```
 */
export function gramKernel(l: number): WasmFunction {
  const [ROWS, Y, G] = [0, 1, 2];
  const f = new WasmFunction(['i32', 'i32', 'i32'], []);
  const row = f.local('i32');
  const base = f.local('i32');
  const a = f.local('i32');
  const p = f.local('i32');
  const pEnd = f.local('i32');
  const q = f.local('i32');
  const x = Array.from({ length: GROUP }, () => f.local('v128'));
  const acc = f.local('v128');
  const tail = f.local('f64');
  const rowBytes = l * 8;
  const pairsEnd = (l & ~1) * 8;
  /** Runs the column loop for `rows` rows starting at `base` (rows = GROUP or 1). */
  const columns = (rows: number) => {
    f.i32Const(0).set(a);
    f.whileLoop(
      () => f.get(a).i32Const(l).op(I32_LT_S),
      () => {
        for (let r = 0; r < rows; r++) {
          f.get(base)
            .get(a)
            .i32Const(8)
            .op(I32_MUL)
            .op(I32_ADD)
            .simdMem(SIMD.load64Splat, r * rowBytes, 3)
            .set(x[r]);
        }
        // p: this row group's entry b = a & ~1; q: g[a][b].
        f.get(a).i32Const(~1).op(I32_AND).i32Const(8).op(I32_MUL).set(q);
        f.get(base).get(q).op(I32_ADD).set(p);
        f.get(base).i32Const(pairsEnd).op(I32_ADD).set(pEnd);
        f.get(q).get(a).i32Const(rowBytes).op(I32_MUL).op(I32_ADD).get(G).op(I32_ADD).set(q);
        f.whileLoop(
          () => f.get(p).get(pEnd).op(I32_LT_S),
          () => {
            for (let r = 0; r < rows; r++) {
              f.get(x[r])
                .get(p)
                .simdMem(SIMD.load, r * rowBytes, 3)
                .simd(SIMD.f64x2Mul);
              if (r > 0) f.simd(SIMD.f64x2Add);
            }
            f.set(acc);
            f.get(q).get(q).simdMem(SIMD.load, 0, 3).get(acc).simd(SIMD.f64x2Add).simdMem(SIMD.store, 0, 3);
            f.get(p).i32Const(16).op(I32_ADD).set(p);
            f.get(q).i32Const(16).op(I32_ADD).set(q);
          },
        );
        if ((l & 1) === 1) {
          // The last column alone: q already points at g[a][l − 1], p at entry l − 1 of the first row.
          for (let r = 0; r < rows; r++) {
            f.get(x[r])
              .extractLane(0)
              .get(p)
              .mem(F64_LOAD, 3, r * rowBytes)
              .op(F64_MUL);
            if (r > 0) f.op(F64_ADD);
          }
          f.set(tail);
          f.get(q).get(q).mem(F64_LOAD, 3, 0).get(tail).op(F64_ADD).mem(F64_STORE, 3, 0);
        }
        f.get(a).i32Const(1).op(I32_ADD).set(a);
      },
    );
  };
  f.i32Const(0).set(row);
  f.get(Y).set(base);
  f.whileLoop(
    () =>
      f
        .get(row)
        .i32Const(GROUP - 1)
        .op(I32_ADD)
        .get(ROWS)
        .op(I32_LT_S),
    () => {
      columns(GROUP);
      f.get(row).i32Const(GROUP).op(I32_ADD).set(row);
      f.get(base)
        .i32Const(GROUP * rowBytes)
        .op(I32_ADD)
        .set(base);
    },
  );
  f.whileLoop(
    () => f.get(row).get(ROWS).op(I32_LT_S),
    () => {
      columns(1);
      f.get(row).i32Const(1).op(I32_ADD).set(row);
      f.get(base).i32Const(rowBytes).op(I32_ADD).set(base);
    },
  );
  return f;
}

/**
 * `times(rows, y, M, out)` (`upper` false: `out = Y·M`, `M: l × c`) or `timesUpper(rows, y, U)` (`upper`:
 * `Y ← Y·U` in place, `c = l`). Rows go by pairs ({@link TIMES_ROWS}; a last odd row alone), columns by
 * groups of up to {@link PAIRS} pairs, the highest group first; a group's sums are a loop over the shared
 * index `t` that loads each vector of `M` once for both rows (the loop, not an unrolled body: at `l = 60`
 * the unrolled kernels were twice as slow per multiply-add as the Gram kernel, their code several times
 * the instruction cache). Every entry is `((0 + y₀m₀) + y₁m₁) + …` in order of `t`, lanewise, as in
 * {@link jsDense}. In the triangular case a group runs `t` up to its highest column, so its lower columns
 * get extra terms with a zero of `U` below the diagonal — finite `y` times zero is ±0, which leaves a sum
 * that starts at +0 (and so is never −0) unchanged, bit for bit. In place, a group reads only entries up
 * to its own highest column, and the higher ones are already written.
 */
function emitTimes(l: number, c: number, upper: boolean): WasmFunction {
  const f = upper
    ? new WasmFunction(['i32', 'i32', 'i32'], [])
    : new WasmFunction(['i32', 'i32', 'i32', 'i32'], []);
  const [ROWS, Y, M, OUT] = [0, 1, 2, 3];
  const row = f.local('i32');
  const src = f.local('i32');
  const dst = f.local('i32');
  const yp = f.local('i32');
  const mp = f.local('i32');
  const yEnd = f.local('i32');
  const acc = Array.from({ length: TIMES_ROWS }, () => Array.from({ length: PAIRS }, () => f.local('v128')));
  const splat = Array.from({ length: TIMES_ROWS }, () => f.local('v128'));
  const mv = f.local('v128');
  const tails = Array.from({ length: TIMES_ROWS }, () => f.local('f64'));
  const my = f.local('f64');
  const rowBytes = l * 8;
  const outBytes = c * 8;
  /** Terms of a group whose highest column is `top` (inclusive). */
  const terms = (top: number) => (upper ? Math.min(l, top + 1) : l);
  /** `for (yp = src, mp = M; yp < src + count·8; yp += 8, mp += c·8) body()`. */
  const overT = (count: number, body: () => void) => {
    f.get(src).set(yp);
    f.get(M).set(mp);
    f.get(src)
      .i32Const(count * 8)
      .op(I32_ADD)
      .set(yEnd);
    f.whileLoop(
      () => f.get(yp).get(yEnd).op(I32_LT_S),
      () => {
        body();
        f.get(yp).i32Const(8).op(I32_ADD).set(yp);
        f.get(mp)
          .i32Const(c * 8)
          .op(I32_ADD)
          .set(mp);
      },
    );
  };
  /** Pairs of columns starting at `js` (ascending), for `rows` rows from `src`, summed side by side. */
  const pairs = (js: readonly number[], rows: number) => {
    for (let r = 0; r < rows; r++) for (let q = 0; q < js.length; q++) f.v128f64(0).set(acc[r][q]);
    overT(terms(js[js.length - 1] + 1), () => {
      for (let r = 0; r < rows; r++)
        f.get(yp)
          .simdMem(SIMD.load64Splat, r * rowBytes, 3)
          .set(splat[r]);
      for (let q = 0; q < js.length; q++) {
        f.get(mp)
          .simdMem(SIMD.load, js[q] * 8, 3)
          .set(mv);
        for (let r = 0; r < rows; r++)
          f.get(acc[r][q]).get(splat[r]).get(mv).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(acc[r][q]);
      }
    });
    for (let r = 0; r < rows; r++)
      for (let q = 0; q < js.length; q++)
        f.get(dst)
          .get(acc[r][q])
          .simdMem(SIMD.store, r * outBytes + js[q] * 8, 3);
  };
  /** The last column alone (odd `c`). */
  const single = (j: number, rows: number) => {
    for (let r = 0; r < rows; r++) f.f64Const(0).set(tails[r]);
    overT(terms(j), () => {
      f.get(mp)
        .mem(F64_LOAD, 3, j * 8)
        .set(my);
      for (let r = 0; r < rows; r++)
        f.get(tails[r])
          .get(yp)
          .mem(F64_LOAD, 3, r * rowBytes)
          .get(my)
          .op(F64_MUL)
          .op(F64_ADD)
          .set(tails[r]);
    });
    for (let r = 0; r < rows; r++)
      f.get(dst)
        .get(tails[r])
        .mem(F64_STORE, 3, r * outBytes + j * 8);
  };
  const rowsOf = (rows: number) => {
    if ((c & 1) === 1) single(c - 1, rows);
    for (let top = (c & ~1) - 2; top >= 0; top -= 2 * PAIRS) {
      const js: number[] = [];
      for (let j = Math.max(0, top - 2 * (PAIRS - 1)); j <= top; j += 2) js.push(j);
      pairs(js, rows);
    }
    f.get(row).i32Const(rows).op(I32_ADD).set(row);
    f.get(src)
      .i32Const(rows * rowBytes)
      .op(I32_ADD)
      .set(src);
    f.get(dst)
      .i32Const(rows * outBytes)
      .op(I32_ADD)
      .set(dst);
  };
  f.i32Const(0).set(row);
  f.get(Y).set(src);
  f.get(upper ? Y : OUT).set(dst);
  f.whileLoop(
    () =>
      f
        .get(row)
        .i32Const(TIMES_ROWS - 1)
        .op(I32_ADD)
        .get(ROWS)
        .op(I32_LT_S),
    () => rowsOf(TIMES_ROWS),
  );
  f.whileLoop(
    () => f.get(row).get(ROWS).op(I32_LT_S),
    () => rowsOf(1),
  );
  return f;
}

/** Widest block (and widest `c`) the unrolled product kernels are emitted for; wider runs the loops. */
export const MAX_DENSE_WIDTH = 128;

/** The exports of {@link denseModule}, over byte addresses of its memory. @internal */
export interface DenseExports {
  gram(rows: number, y: number, g: number): void;
  timesUpper(rows: number, y: number, u: number): void;
  times(rows: number, y: number, m: number, out: number): void;
}

/** Compiled modules by `l,c`: emitting and compiling is paid once per shape and process. */
const modules = new Map<string, object>();

/**
 * The compiled module of the dense kernels for width `l` and products with `c` columns, importing a
 * shared memory when `shared` (so the randomized SVD's second thread can run its blocks); emitted and
 * compiled once per shape and process.
 * @internal
 */
export function denseModule(l: number, c: number, shared: boolean): object {
  const key = `${l},${c},${shared}`;
  let module = modules.get(key);
  if (module === undefined) {
    module = new wasmApi.Module(
      wasmModule(
        [gramKernel(l), emitTimes(l, l, true), emitTimes(l, c, false)],
        ['gram', 'timesUpper', 'times'],
        1,
        65536,
        shared,
      ),
    );
    modules.set(key, module);
  }
  return module;
}

/**
 * {@link DenseOps} as WebAssembly SIMD for blocks of width `l` (and products with `c` columns) that lie
 * in `memory`; `small` is the byte address of {@link DenseWorkspaceOps.smallBytes} bytes of that memory
 * the kernels use for the small operands and the blocks' partial Gram matrices. Anything else (another
 * width, an array outside the memory) runs {@link jsDense}. With `parallel`, the Gram pass and the
 * triangular product of a large enough `Y` run their blocks ({@link denseBlocks}) on two threads; the
 * final product `Y·M` stays on one, as it is written over `Y` itself (`timesInPlace`), where rows of one
 * block overwrite rows another block has still to read.
 * @internal
 */
export class DenseWorkspaceOps implements DenseOps {
  private readonly exports: DenseExports;
  private readonly buffer: ArrayBufferLike;
  private readonly smallIn: Float64Array;
  private readonly smallOut: Float64Array;
  /** {@link MAX_DENSE_BLOCKS} partial Gram matrices, `l × l` each. */
  private readonly partials: Float64Array;

  constructor(
    private readonly l: number,
    private readonly c: number,
    memory: { buffer: ArrayBufferLike },
    small: number,
    shared = false,
    private readonly parallel: ParallelBlocks | null = null,
  ) {
    const module = denseModule(l, c, shared);
    this.exports = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as DenseExports;
    this.buffer = memory.buffer;
    const size = l * Math.max(l, c);
    this.smallIn = new Float64Array(memory.buffer, small, size);
    this.smallOut = new Float64Array(memory.buffer, small + size * 8, size);
    this.partials = new Float64Array(memory.buffer, small + 2 * size * 8, MAX_DENSE_BLOCKS * l * l);
  }

  /** Bytes of small-operand space the kernels for `l` and `c` need. */
  static smallBytes(l: number, c: number): number {
    return (2 * l * Math.max(l, c) + MAX_DENSE_BLOCKS * l * l) * 8;
  }

  /** Whether shapes `l` and `c` get kernels at all (else a workspace uses {@link jsDense}). */
  static fits(l: number, c: number): boolean {
    return l <= MAX_DENSE_WIDTH && c <= MAX_DENSE_WIDTH;
  }

  private inside(a: Float64Array): boolean {
    return a.buffer === this.buffer;
  }

  /**
   * Runs the blocks of `table` (the kernel's three arguments per block, then a spare): on two threads
   * when there is a second one and `work` multiply-adds pay for waking it, else here, in order.
   */
  private runBlocks(cmd: number, table: Int32Array, work: number, runBlock: (b: number) => void): void {
    const parallel = this.parallel;
    if (parallel !== null && work >= DENSE_THREAD_WORK && parallel(cmd, table, runBlock)) return;
    for (let b = 0; 4 * b < table.length; b++) runBlock(b);
  }

  gram(m: number, l: number, y: Float64Array, g: Float64Array): void {
    if (l !== this.l || !this.inside(y)) {
      jsDense.gram(m, l, y, g);
      return;
    }
    const bounds = denseBlocks(m);
    const blocks = bounds.length - 1;
    const size = l * l;
    const partials = this.partials;
    const out = blocks === 1 ? this.smallOut : partials;
    out.fill(0, 0, blocks * size);
    if (blocks === 1) this.exports.gram(m, y.byteOffset, out.byteOffset);
    else {
      const table = new Int32Array(4 * blocks);
      for (let b = 0; b < blocks; b++) {
        table[4 * b] = bounds[b + 1] - bounds[b];
        table[4 * b + 1] = y.byteOffset + bounds[b] * l * 8;
        table[4 * b + 2] = partials.byteOffset + b * size * 8;
      }
      const exports = this.exports;
      this.runBlocks(CMD_GRAM, table, (m * size) / 2, (b) => {
        exports.gram(table[4 * b], table[4 * b + 1], table[4 * b + 2]);
      });
    }
    // The kernel fills the upper triangle (and a few entries below it): sum those in block order, then
    // mirror, as jsDense sums its blocks' mirrored matrices.
    g.set(out.subarray(0, size));
    for (let b = 1; b < blocks; b++) {
      const at = b * size;
      for (let p = 0; p < size; p++) g[p] += partials[at + p];
    }
    mirrorUpper(g, l);
  }

  timesUpper(m: number, l: number, y: Float64Array, u: Float64Array): void {
    if (l !== this.l || !this.inside(y)) {
      jsDense.timesUpper(m, l, y, u);
      return;
    }
    const smallIn = this.smallIn;
    smallIn.set(u.subarray(0, l * l));
    const bounds = denseBlocks(m);
    const blocks = bounds.length - 1;
    if (blocks === 1) {
      this.exports.timesUpper(m, y.byteOffset, smallIn.byteOffset);
      return;
    }
    // Each row is its own: any split gives the same bits.
    const table = new Int32Array(4 * blocks);
    for (let b = 0; b < blocks; b++) {
      table[4 * b] = bounds[b + 1] - bounds[b];
      table[4 * b + 1] = y.byteOffset + bounds[b] * l * 8;
      table[4 * b + 2] = smallIn.byteOffset;
    }
    const exports = this.exports;
    this.runBlocks(CMD_TIMES_UPPER, table, (m * l * l) / 2, (b) => {
      exports.timesUpper(table[4 * b], table[4 * b + 1], table[4 * b + 2]);
    });
  }

  times(m: number, l: number, c: number, y: Float64Array, M: Float64Array, out: Float64Array): void {
    if (l !== this.l || c !== this.c || !this.inside(y) || !this.inside(out)) {
      jsDense.times(m, l, c, y, M, out);
      return;
    }
    this.smallIn.set(M.subarray(0, l * c));
    this.exports.times(m, y.byteOffset, this.smallIn.byteOffset, out.byteOffset);
  }
}
