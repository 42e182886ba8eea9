import { SIMD, WasmFunction, wasmModule } from './WasmWriter.js';
import { type WasmMemory, wasmApi } from './wasmApi.js';

const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_LT_S = 0x48;
const I32_NE = 0x47;
const BR_IF = 0x0d;
/** log2 of the alignment hint of 8-byte aligned doubles. */
const ALIGN = 3;

/**
 * The WebAssembly SIMD kernel of {@link gemmNT}: `C = A·Bᵀ` over packed operands, 4 × 4 tiles of C held
 * in eight f64x2 registers while the shared dimension streams past (the register blocking of Goto & van
 * de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008).
 *
 * Packed layout (the caller packs): A in groups of 4 rows, each group k × 4 doubles (`[l][r]`); B in
 * groups of 4 columns of C (rows of B), each k × 4 doubles. C is `4·mg × ldc` bytes per row group.
 * Parameters: aPtr, bPtr, cPtr (bytes), mg (row groups), ng (column groups), k, ldc (bytes per C row),
 * panel (column groups per cache panel).
 *
 * Every entry is summed in order of l from 0 with separate multiply and add, exactly as the scalar loop
 * `s += a[l] * b[l]`, so both give the same bits.
 */
function emitGemmNt(): WasmFunction {
  const f = new WasmFunction(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const [aPtr, bPtr, cPtr, mg, ng, k, ldc, panel] = [0, 1, 2, 3, 4, 5, 6, 7];
  const gp = f.local('i32');
  const gEnd = f.local('i32');
  const ig = f.local('i32');
  const g = f.local('i32');
  const pa = f.local('i32');
  const pb = f.local('i32');
  const l = f.local('i32');
  const c = f.local('i32');
  const groupBytes = f.local('i32');
  const b0 = f.local('v128');
  const b1 = f.local('v128');
  const a = f.local('v128');
  const acc: number[] = [];
  for (let q = 0; q < 8; q++) acc.push(f.local('v128'));

  // groupBytes = 32·k: one packed group of 4 rows.
  f.get(k).i32Const(32).op(I32_MUL).set(groupBytes);
  f.i32Const(0).forRange(gp, ng, 0, () => {
    // gEnd = min(gp + panel, ng)
    f.get(gp).get(panel).op(I32_ADD).set(gEnd);
    f.get(gEnd).get(ng).op(I32_LT_S).op(0x45); // !(gEnd < ng)
    f.ifThen(() => f.get(ng).set(gEnd));
    f.i32Const(0).forRange(ig, mg, 1, () => {
      f.get(gp).forRange(g, gEnd, 1, () => {
        for (const r of acc) f.v128f64(0).set(r);
        f.get(aPtr).get(ig).get(groupBytes).op(I32_MUL, I32_ADD).set(pa);
        f.get(bPtr).get(g).get(groupBytes).op(I32_MUL, I32_ADD).set(pb);
        f.get(k).set(l);
        f.op(0x03, 0x40); // loop
        f.get(pb).simdMem(SIMD.load, 0, ALIGN).set(b0);
        f.get(pb).simdMem(SIMD.load, 16, ALIGN).set(b1);
        for (let r = 0; r < 4; r++) {
          f.get(pa)
            .simdMem(SIMD.load64Splat, 8 * r, ALIGN)
            .set(a);
          f.get(acc[2 * r])
            .get(a)
            .get(b0)
            .simd(SIMD.f64x2Mul)
            .simd(SIMD.f64x2Add)
            .set(acc[2 * r]);
          f.get(acc[2 * r + 1])
            .get(a)
            .get(b1)
            .simd(SIMD.f64x2Mul)
            .simd(SIMD.f64x2Add)
            .set(acc[2 * r + 1]);
        }
        f.get(pa).i32Const(32).op(I32_ADD).set(pa);
        f.get(pb).i32Const(32).op(I32_ADD).set(pb);
        f.get(l).i32Const(1).op(I32_SUB).tee(l).i32Const(0).op(I32_NE, BR_IF, 0);
        f.op(0x0b); // end loop
        // c = cPtr + 4·ig·ldc + 32·g
        f.get(cPtr).get(ig).get(ldc).op(I32_MUL).i32Const(4).op(I32_MUL, I32_ADD);
        f.get(g).i32Const(32).op(I32_MUL, I32_ADD).set(c);
        for (let r = 0; r < 4; r++) {
          f.get(c)
            .get(acc[2 * r])
            .simdMem(SIMD.store, 0, ALIGN);
          f.get(c)
            .get(acc[2 * r + 1])
            .simdMem(SIMD.store, 16, ALIGN);
          if (r < 3) f.get(c).get(ldc).op(I32_ADD).set(c);
        }
      });
    });
    // The outer loop steps by `panel`, a run-time value: advance gp here, the loop adds 0.
    f.get(gp).get(panel).op(I32_ADD).set(gp);
  });
  return f;
}

type Kernel = (
  aPtr: number,
  bPtr: number,
  cPtr: number,
  mg: number,
  ng: number,
  k: number,
  ldc: number,
  panel: number,
) => void;

/** The compiled module (once per process), or null where WebAssembly SIMD is missing. */
let compiled: object | null | undefined;
let memory: WasmMemory | undefined;
let kernel: Kernel | undefined;
let capacity = 0;

/** Whether the SIMD kernel can run here (compiles it on first call). */
export function gemmNtWasmAvailable(): boolean {
  if (compiled === undefined) {
    try {
      compiled = new wasmApi.Module(wasmModule([emitGemmNt()], ['gemmNt']));
    } catch {
      compiled = null;
    }
  }
  return compiled !== null;
}

/** A memory of at least `bytes` bytes with the kernel bound to it; replaced (never grown) when too small. */
function workspace(bytes: number): { memory: WasmMemory; kernel: Kernel } {
  if (memory === undefined || kernel === undefined || bytes > capacity) {
    const pages = Math.ceil(Math.max(bytes, capacity * 1.5) / 65536);
    memory = new wasmApi.Memory({ initial: pages });
    const instance = new wasmApi.Instance(compiled as object, { env: { memory } });
    kernel = instance.exports.gemmNt as Kernel;
    capacity = pages * 65536;
  }
  return { memory, kernel };
}

/** Bytes of C computed per kernel call: bounds the workspace whatever m is. */
const C_CHUNK_BYTES = 8 * 2 ** 20;
/** Bytes of packed B per cache panel (L2-sized). */
const PANEL_BYTES = 128 * 1024;

/**
 * `C = A·Bᵀ` on the SIMD kernel: packs B once, then A and C by chunks of rows so the workspace stays
 * bounded (about 8 MiB of C plus the packed operands). Call only when {@link gemmNtWasmAvailable}.
 */
export function gemmNtWasm(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
): void {
  const ng = Math.ceil(n / 4);
  const ldc = ng * 32;
  const rowsPerChunk = Math.max(4, Math.floor(C_CHUNK_BYTES / ldc / 4) * 4);
  const chunkRows = Math.min(rowsPerChunk, Math.ceil(m / 4) * 4);
  const bBytes = ng * 32 * k;
  const aBytes = chunkRows * 8 * k;
  const cBytes = chunkRows * ldc;
  const { memory, kernel } = workspace(bBytes + aBytes + cBytes);
  const heap = new Float64Array(memory.buffer);
  const aAt = bBytes / 8;
  const cAt = aAt + aBytes / 8;
  // Pack B: group g holds rows 4g..4g+3 of B as [l][r]; missing rows are zeros.
  for (let g = 0; g < ng; g++) {
    const base = g * 4 * k;
    for (let r = 0; r < 4; r++) {
      const j = 4 * g + r;
      if (j < n) {
        const src = j * k;
        for (let l = 0; l < k; l++) heap[base + 4 * l + r] = B[src + l];
      } else for (let l = 0; l < k; l++) heap[base + 4 * l + r] = 0;
    }
  }
  const panel = Math.max(1, Math.floor(PANEL_BYTES / (32 * k)));
  for (let i0 = 0; i0 < m; i0 += chunkRows) {
    const rows = Math.min(chunkRows, m - i0);
    const mg = Math.ceil(rows / 4);
    for (let ig = 0; ig < mg; ig++) {
      const base = aAt + ig * 4 * k;
      for (let r = 0; r < 4; r++) {
        const i = 4 * ig + r;
        if (i < rows) {
          const src = (i0 + i) * k;
          for (let l = 0; l < k; l++) heap[base + 4 * l + r] = A[src + l];
        } else for (let l = 0; l < k; l++) heap[base + 4 * l + r] = 0;
      }
    }
    kernel(bBytes, 0, cAt * 8, mg, ng, k, ldc, panel);
    const stride = ldc / 8;
    for (let i = 0; i < rows; i++) {
      const from = cAt + i * stride;
      C.set(heap.subarray(from, from + n), (i0 + i) * n);
    }
  }
}
