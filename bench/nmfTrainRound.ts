import { fitNmf } from '@rivulet/decomposition';
import { loadWorkload } from './common.js';

/**
 * One round of `pnpm bench nmf --train`, in its own process: DIR SOLVER K ITERATIONS. Times the public
 * `fitNmf` (trainNmf's epoch loop, events included) from the shared start with tol = 0; an epoch's time
 * is the gap between consecutive epoch events. Prints `{ ms, loss }`.
 */
const [dir, solver, kText, itText] = process.argv.slice(2);
const k = Number(kText);
const { A, W0, H0 } = loadWorkload(dir, k);
const stamps: number[] = [];
const t0 = performance.now();
const result = await fitNmf(A, {
  components: k,
  solver: solver as 'mu' | 'cd',
  init: { W: W0, H: H0 },
  tol: 0,
  maxEpochs: Number(itText),
  onEvent: (event) => {
    if (event.type === 'epoch') stamps.push(performance.now());
  },
});
const ms = stamps.map((s, i) => s - (i === 0 ? t0 : stamps[i - 1]));
console.log(JSON.stringify({ ms: ms.slice(1), loss: result.loss }));
