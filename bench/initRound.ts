import { nndsvdInit } from '@rivulet/decomposition';
import { randomizedSvd } from '@rivulet/linalg';
import { loadMatrix } from './common.js';

/**
 * One Rivulet round of `pnpm bench init`, in its own process: DIR K. Times `randomizedSvd(A, K)` (the SVD
 * behind nndsvd*) and `nndsvdInit(A, K, 'nndsvda')` (the whole start, as `fitNmf` runs it), the first
 * including the one-off emitting and compiling of the kernels, and prints `{ svdMs, initMs, s }`.
 */
const [dir, kText] = process.argv.slice(2);
const k = Number(kText);
const { A } = loadMatrix(dir);
const t0 = performance.now();
const { s } = randomizedSvd(A, k, { seed: 0 });
const t1 = performance.now();
nndsvdInit(A, k, 'nndsvda', 0);
const t2 = performance.now();
console.log(JSON.stringify({ svdMs: t1 - t0, initMs: t2 - t1, s: Array.from(s) }));
