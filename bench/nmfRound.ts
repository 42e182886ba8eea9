import { FastNmf, type FastNmfBackend, type FastNmfSolver } from '@rivulet/decomposition';
import { loadWorkload } from './common.js';
import { measureThroughput } from './nmfFloor.js';

/**
 * One Rivulet round of `pnpm bench nmf`, run in its own process: DIR SOLVER K ITERATIONS BACKEND THREADS DTYPE.
 * Prints `{ ms: per-iteration milliseconds, loss, setupMs, peakRssMb, throughput }`, the last being this
 * machine's one-thread throughput measured in the same process right after the iterations (same load),
 * for the arithmetic floor.
 */
const [dir, solver, kText, itText, backend, threads, dtype] = process.argv.slice(2);
const k = Number(kText);
const { A, W0, H0 } = loadWorkload(dir, k);
const t0 = performance.now();
const engine = new FastNmf(A, W0, H0, {
  solver: solver as FastNmfSolver,
  backend: backend as FastNmfBackend,
  threads: Number(threads),
  dtype: (dtype ?? 'float64') as 'float64' | 'float32',
});
const setupMs = performance.now() - t0;
const ms: number[] = [];
for (let i = 0; i < Number(itText); i++) {
  const s = performance.now();
  engine.iterate();
  ms.push(performance.now() - s);
}
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const loss = engine.loss();
engine.close();
const throughput = measureThroughput(3);
console.log(
  JSON.stringify({
    ms,
    loss,
    setupMs,
    peakRssMb,
    backend: engine.backend,
    threads: engine.threads,
    throughput,
  }),
);
