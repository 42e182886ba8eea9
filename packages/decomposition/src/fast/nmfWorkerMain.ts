import { workerData } from 'node:worker_threads';
import type { WasmMemory } from '@rivulet/linalg';
// The claims alone, not the package's index: the worker's isolate then loads one small module instead of
// every kernel and writer of @rivulet/linalg (measured: a worker importing the index holds 16 MiB, a bare
// one 9). For the same reason the kernels are instantiated here rather than through `nmfWasm.ts`.
import { CTL, claimBlock, claimTag, finishBlock, MAX_BLOCKS } from '@rivulet/linalg/claims';
import type { NmfWasmExports } from './nmfWasm.js';

/**
 * The worker side of {@link NmfWorker}: instantiates the kernels on the shared memory, then loops —
 * wait for a new sequence number, then claim and run blocks of that command until none is left (each
 * block's result in its own slot), counting each finished block.
 *
 * @example
 * ```ts
 * // internal: started by NmfWorker as new Worker(new URL('./nmfWorkerMain.js', import.meta.url), { workerData })
 * ```
 */
const { bytes, memory, control } = workerData as {
  bytes: Uint8Array;
  memory: WasmMemory;
  control: SharedArrayBuffer;
};
const wasm = (globalThis as unknown as { WebAssembly: WasmInstantiation }).WebAssembly;
const kernels = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports as NmfWasmExports;
const ctl = new Int32Array(control, 0, CTL.table + 4 * MAX_BLOCKS);
const results = new Float64Array(control, (CTL.table + 4 * MAX_BLOCKS) * 4, MAX_BLOCKS);
const a = CTL.args;
let seen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.seq, seen);
  seen = Atomics.load(ctl, CTL.seq);
  const cmd = ctl[CTL.cmd];
  if (cmd === 3) break;
  const tag = claimTag(seen);
  for (;;) {
    const b = claimBlock(ctl, tag);
    if (b < 0) break;
    const t = CTL.table + 4 * b;
    const start = ctl[t];
    const end = ctl[t + 1];
    const scratch = ctl[t + 2];
    const G = ctl[t + 3];
    if (cmd === 0)
      kernels.muHalf(
        start,
        end,
        ctl[a],
        ctl[a + 1],
        ctl[a + 2],
        ctl[a + 3],
        ctl[a + 4],
        ctl[a + 5],
        G,
        scratch,
      );
    else if (cmd === 1)
      results[b] = kernels.cdHalf(
        start,
        end,
        ctl[a],
        ctl[a + 1],
        ctl[a + 2],
        ctl[a + 3],
        ctl[a + 4],
        ctl[a + 5],
        G,
        scratch,
      );
    else if (cmd === 4)
      kernels.crossAdd(start, end, ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], scratch);
    else kernels.gramAdd(start, end, ctl[a], G);
    finishBlock(ctl);
  }
}

interface WasmInstantiation {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
