import { workerData } from 'node:worker_threads';
import { instantiateNmfWasm } from './nmfWasm.js';
import type { WasmMemory } from './wasmApi.js';

/**
 * The worker side of {@link NmfWorker}: instantiates the kernels on the shared memory, then loops —
 * wait for a new sequence number in `control[0]`, run the command in `control[2..]`, publish the result
 * and the sequence number in `control[1]`.
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
const kernels = instantiateNmfWasm(bytes, memory);
const ctl = new Int32Array(control, 0, 16);
const result = new Float64Array(control, 64, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  const cmd = ctl[2];
  if (cmd === 3) break;
  const a = ctl;
  if (cmd === 0) kernels.muHalf(a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
  else if (cmd === 1)
    result[0] = kernels.cdHalf(a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
  else kernels.gramAdd(a[3], a[4], a[5], a[6]);
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
