import { SIMD, WasmFunction, wasmApi, wasmModule } from '@rivulet/linalg';

/** What one thread of this machine sustains, measured (see {@link measureThroughput}). */
export interface Throughput {
  /** f64 multiply-then-add pairs on in-register data, in GFLOP/s (2 flops per lane per pair). */
  gflops: number;
  /** Streaming read of a 64 MiB buffer, GB/s. */
  readGBs: number;
}

/**
 * The arithmetic floor of one fused NMF iteration (MU or CD, both half steps) on `rows × cols` with
 * `nnz` non-zeros and `k` components: the work no implementation can skip, timed at the measured
 * throughput. Flops: each half step forms A·O (2·nnz·k), the row's update against the k × k Gram matrix
 * (2k² per row; CD's gradient is the same product) and the updated rows' Gram matrix (k² per row):
 * 4·nnz·k + 3·(rows + cols)·k². Bytes: A and Aᵀ streamed once (index 4 + value 8 bytes per non-zero),
 * each factor read and written once and the other factor read once per half step: 24·nnz +
 * 3·(rows + cols)·k·8. Floor = max(flops / GFLOP/s, bytes / GB/s) per thread, halved for two threads.
 */
export function nmfFloor(rows: number, cols: number, nnz: number, k: number, t: Throughput) {
  const flops = 4 * nnz * k + 3 * (rows + cols) * k * k;
  const bytes = 24 * nnz + 3 * (rows + cols) * k * 8;
  const computeMs = (flops / (t.gflops * 1e9)) * 1e3;
  const memoryMs = (bytes / (t.readGBs * 1e9)) * 1e3;
  return { flops, bytes, computeMs, memoryMs, floorMs: Math.max(computeMs, memoryMs) };
}

/**
 * Measures one thread's f64 SIMD throughput with kernels written by linalg's WebAssembly writer: eight
 * independent f64x2 chains of `acc = acc·x + y` (no fused multiply-add in Node 20's WebAssembly, as in
 * the NMF kernels), and a four-chain f64x2 sum streaming through 64 MiB (far beyond any cache). Best of `repeats` runs.
 */
export function measureThroughput(repeats = 5): Throughput {
  const CHAINS = 8;
  const mad = new WasmFunction(['i32'], ['f64']);
  const n = 0;
  const i = mad.local('i32');
  const acc = Array.from({ length: CHAINS }, () => mad.local('v128'));
  for (let c = 0; c < CHAINS; c++) mad.v128f64(1 + c / 64).set(acc[c]);
  mad.i32Const(0).forRange(i, n, 1, () => {
    for (let c = 0; c < CHAINS; c++) {
      mad.get(acc[c]).v128f64(0.999999).simd(SIMD.f64x2Mul).v128f64(1e-7).simd(SIMD.f64x2Add).set(acc[c]);
    }
  });
  mad.get(acc[0]);
  for (let c = 1; c < CHAINS; c++) mad.get(acc[c]).simd(SIMD.f64x2Add);
  mad.extractLane(0);

  const sum = new WasmFunction(['i32', 'i32'], ['f64']);
  const [start, end] = [0, 1];
  const p = sum.local('i32');
  const s = Array.from({ length: 4 }, () => sum.local('v128'));
  sum.get(start).forRange(p, end, 64, () => {
    for (let c = 0; c < 4; c++) {
      sum
        .get(s[c])
        .get(p)
        .simdMem(SIMD.load, c * 16)
        .simd(SIMD.f64x2Add)
        .set(s[c]);
    }
  });
  sum.get(s[0]).get(s[1]).simd(SIMD.f64x2Add).get(s[2]).simd(SIMD.f64x2Add).get(s[3]).simd(SIMD.f64x2Add);
  sum.extractLane(0);

  const bytes = 64 * 1024 * 1024;
  const pages = bytes / 65536 + 1;
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
  new Float64Array(memory.buffer).fill(1);
  const module = new wasmApi.Module(wasmModule([mad, sum], ['mad', 'sum'], pages, pages));
  const exports = new wasmApi.Instance(module, { env: { memory } }).exports as {
    mad: (n: number) => number;
    sum: (start: number, end: number) => number;
  };
  const steps = 20_000_000;
  let gflops = 0;
  let readGBs = 0;
  exports.mad(1000);
  exports.sum(0, 1 << 20);
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    exports.mad(steps);
    let seconds = (performance.now() - t0) / 1e3;
    gflops = Math.max(gflops, (steps * CHAINS * 2 * 2) / seconds / 1e9);
    t0 = performance.now();
    exports.sum(0, bytes);
    seconds = (performance.now() - t0) / 1e3;
    readGBs = Math.max(readGBs, bytes / seconds / 1e9);
  }
  return { gflops, readGBs };
}
