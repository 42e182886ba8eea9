import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { wasmApi } from '../fast/wasmApi.js';
import { CTL, claimBlock, claimTag, finishBlock } from '../threads/claims.js';
import {
  CMD_GATHER,
  CMD_GRAM,
  CMD_NONE,
  CMD_SCATTER,
  CMD_TIMES_UPPER,
  COUNT_AT,
  SCALE_AT,
} from './blockThread.js';
import type { BlockKernels } from './blockWasm.js';
import type { DenseExports } from './denseOps.js';

/**
 * The worker side of {@link BlockThread}: waits for a new command, first reads every attach/detach
 * message waiting on its port (instantiating the kernels on the shared memory it is given), then claims
 * and runs blocks of the command until none is left, counting each finished block.
 *
 * @example
 * ```ts
 * // internal: started by BlockThread as new Worker(new URL('./blockWorkerMain.js', import.meta.url), { workerData })
 * ```
 */
const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctl = new Int32Array(control, 0, SCALE_AT / 4);
const scale = new Float64Array(control, SCALE_AT, 1);
const count = new Int32Array(control, COUNT_AT, 2);
const kernels = new Map<number, { sparse: BlockKernels; dense: DenseExports | null }>();
const a = CTL.args;
let seen = 0;
let detached = false;
for (;;) {
  Atomics.wait(ctl, CTL.seq, seen);
  seen = Atomics.load(ctl, CTL.seq);
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const message = m.message as {
      id: number;
      detach?: boolean;
      module?: object;
      memory?: object;
      dense?: object | null;
    };
    if (message.detach === true) {
      kernels.delete(message.id);
      detached = true;
    } else {
      const env = { env: { memory: message.memory } };
      const sparse = new wasmApi.Instance(message.module as object, env).exports as unknown as BlockKernels;
      const dense =
        message.dense === undefined || message.dense === null
          ? null
          : (new wasmApi.Instance(message.dense, env).exports as unknown as DenseExports);
      kernels.set(message.id, { sparse, dense });
    }
  }
  // Nothing attached after a detach: end the thread. This loop never returns to the event loop and
  // allocates almost nothing, so this isolate would never collect the detached instances, and they hold
  // the workspaces' shared memories (about 100 MiB for gcide's start) through the rest of the process.
  // BlockThread starts a new worker on next use; a command posted meanwhile is run by the caller alone.
  if (detached && kernels.size === 0) break;
  const cmd = ctl[CTL.cmd];
  const k = kernels.get(ctl[a]);
  if (cmd === CMD_NONE || k === undefined) continue;
  const tag = claimTag(seen);
  if (cmd === CMD_GRAM || cmd === CMD_TIMES_UPPER) {
    const dense = k.dense;
    if (dense === null) continue;
    const pass = cmd === CMD_GRAM ? dense.gram : dense.timesUpper;
    for (let b = claimBlock(ctl, tag); b >= 0; b = claimBlock(ctl, tag)) {
      const t = CTL.table + 4 * b;
      pass(ctl[t], ctl[t + 1], ctl[t + 2]);
      Atomics.add(count, 1, 1);
      finishBlock(ctl);
    }
    continue;
  }
  const kernel =
    cmd === CMD_GATHER
      ? k.sparse.csrTimesBlock
      : cmd === CMD_SCATTER
        ? k.sparse.csrTransposeTimesBlock
        : null;
  if (kernel === null) continue;
  for (let b = claimBlock(ctl, tag); b >= 0; b = claimBlock(ctl, tag)) {
    const t = CTL.table + 4 * b;
    kernel(
      ctl[t],
      ctl[t + 1],
      ctl[t + 2],
      ctl[t + 3],
      ctl[a + 1],
      ctl[a + 2],
      ctl[a + 3],
      ctl[a + 4],
      scale[0],
    );
    Atomics.add(count, 0, 1);
    finishBlock(ctl);
  }
}
