import test from 'ava';
import { fitNmf } from './index.js';
import { type CsrJson, csrFromJson, dense, maxRelativeError, readFixture } from './testing/fixtures.js';

interface Parity {
  matrix: CsrJson;
  seed: number;
  randomW: number[][];
  randomH: number[][];
  W0: number[][];
  H0: number[][];
  stops: { solver: 'mu' | 'cd'; tol: number; epochs: number; loss: number }[];
}

const parity = readFixture<Parity>('nmf_parity');

test("the seeded random start equals scikit-learn's init='random' for the same random_state", async (t) => {
  const { W, H } = await fitNmf(csrFromJson(parity.matrix), {
    components: 3,
    init: 'random',
    seed: parity.seed,
    maxEpochs: 1,
    tol: 0,
    // a stop requested before the first epoch returns the start itself
    stop: AbortSignal.abort(),
  });
  t.true(maxRelativeError(W.data, parity.randomW.flat()) < 1e-15);
  t.true(maxRelativeError(H.data, parity.randomH.flat()) < 1e-15);
});

for (const stop of parity.stops) {
  test(`${stop.solver} with tol ${stop.tol} stops at scikit-learn's epoch (${stop.epochs})`, async (t) => {
    const result = await fitNmf(csrFromJson(parity.matrix), {
      components: 3,
      solver: stop.solver,
      init: { W: dense(parity.W0), H: dense(parity.H0) },
      tol: stop.tol,
      maxEpochs: 1000,
    });
    t.is(result.epochs, stop.epochs);
    t.true(result.converged);
    t.true(Math.abs(result.loss - stop.loss) < 1e-9 * stop.loss);
  });
}
