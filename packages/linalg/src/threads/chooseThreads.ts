import { nodeBuiltin } from './nodeBuiltin.js';

/** Multiply-adds per iteration below which a second thread does not pay (a few milliseconds of work). */
export const SMALL_WORK = 32_000_000;

/**
 * The default thread count of the WebAssembly kernels that can run on two threads (the fused NMF engine,
 * the randomized SVD's sparse products; issue 12 item 7): a second thread only where it pays.
 * Two threads when all of these hold, else one:
 * 1. the backend is WebAssembly (the worker shares its memory) and the machine has two or more cores;
 * 2. an iteration is at least {@link SMALL_WORK} multiply-adds, `(nnz + (rows + cols)·k)·k` — below,
 *    starting the worker and the two synchronisations per iteration cost more than half the work saves;
 * 3. a core is idle: the one-minute load average is below `cores − 0.5`. Measured with `pnpm bench nmf
 *    --threads 1,2` at load average 58–79 on this 2-core machine (en.jsonl, 15,217 × 31,551): two
 *    threads took 0.96–1.03× the one-thread time per iteration (MU/CD, k = 10/50), plus the worker's
 *    start in setup — a second thread competes for a core instead of using one when every core is
 *    taken. In quieter runs (load ~2) an iteration of MU at k = 50 took about 25 ms on two threads
 *    against about 35 ms single-threaded (half steps 14.5 + 20.5 ms, commit 5df6e91): 1.4×. The bound in
 *    2. was 4 M until `pnpm bench nmf --threads 1,2 --rounds 3` at load 3–5 (2026-12-05 00:41 UTC) showed
 *    k = 10 (8 M multiply-adds, 4.5 ms) gaining nothing on two threads — two/one 1.01 for MU, 1.29 for
 *    CD — while k = 50 (133 M) gained 0.72 (MU) and 0.48 (CD): 32 M lies between. The randomized SVD's
 *    products (`2·nnz·(k + 10)` per power iteration: 81 M at k = 10 on gcide) get two threads by the same
 *    rule.
 * The rows are cut into the same blocks whatever the count and their partial sums added in block order,
 * so the factors are bit-identical either way (tested): only the speed depends on this choice.
 *
 * @example
 * ```ts
 * import { chooseThreads } from '@rivulet/linalg';
 * const threads = chooseThreads((A.nnz + (A.rows + A.cols) * k) * k, backend === 'wasm');
 * ```
 */
export function chooseThreads(
  work: number,
  wasm: boolean,
  cores = nodeBuiltin<typeof import('node:os')>('node:os')?.availableParallelism() ?? 1,
  load = nodeBuiltin<typeof import('node:os')>('node:os')?.loadavg()[0] ?? 0,
): 1 | 2 {
  return wasm && cores >= 2 && work >= SMALL_WORK && load < cores - 0.5 ? 2 : 1;
}
