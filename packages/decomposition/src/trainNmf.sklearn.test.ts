import test from 'ava';
import { filter, lastValueFrom, toArray } from 'rxjs';
import { trainNmf } from './index.js';
import { type CsrJson, csrFromJson, dense, maxRelativeError, readFixture } from './testing/fixtures.js';

interface Case {
  name: string;
  solver: 'mu' | 'cd';
  beta: string | number;
  epochs: number;
  alphaW: number;
  alphaH: number | 'same';
  l1Ratio: number;
  shuffle: boolean;
  seed: number;
  initialLoss: number;
  matrix: CsrJson;
  W0: number[][];
  H0: number[][];
  losses: number[];
  W: number[][];
  H: number[][];
}

async function run(c: Case) {
  const events = await lastValueFrom(
    trainNmf(csrFromJson(c.matrix), {
      components: c.W0[0].length,
      solver: c.solver,
      betaLoss: c.beta as never,
      init: { W: dense(c.W0), H: dense(c.H0) },
      maxEpochs: c.epochs,
      tol: 0,
      alphaW: c.alphaW,
      alphaH: c.alphaH,
      l1Ratio: c.l1Ratio,
      ...(c.shuffle ? { shuffle: true, seed: c.seed } : {}),
      sliceMs: 1e9,
    }).pipe(toArray()),
  );
  const losses = events.flatMap((e) => (e.type === 'epoch' ? [e.loss] : []));
  const result = events.at(-1);
  if (result?.type !== 'result') throw new Error('no result');
  return { losses, result };
}

test('MU from a custom start follows scikit-learn 1.2 epoch by epoch on a real TF-IDF matrix', async (t) => {
  const c = readFixture<Case>('nmf_mu');
  const { losses, result } = await run(c);
  t.is(losses.length, 20);
  t.true(maxRelativeError(losses, c.losses) < 1e-9, `losses ${losses} vs ${c.losses}`);
  t.true(maxRelativeError(result.W.data, c.W.flat(), 1e-6) < 1e-8);
  t.true(maxRelativeError(result.H.data, c.H.flat(), 1e-6) < 1e-8);
  t.is(result.epochs, 20);
  t.false(result.converged);
});

const { cases } = readFixture<{ cases: Case[] }>('nmf_solvers');
for (const c of cases) {
  test(`${c.name}: the loss after each epoch matches scikit-learn 1.2 from the same start`, async (t) => {
    const { losses, result } = await run(c);
    const tolerance = c.solver === 'mu' ? 1e-9 : 1e-7;
    const lossError = maxRelativeError(losses, c.losses);
    t.true(lossError < tolerance, `loss error ${lossError}: ${losses} vs ${c.losses}`);
    t.true(maxRelativeError(result.H.data, c.H.flat(), 1e-6) < tolerance * 10);
  });
}

test('the filter of epoch events is what a caller gets', async (t) => {
  const c = readFixture<Case>('nmf_mu');
  const epochs = await lastValueFrom(
    trainNmf(csrFromJson(c.matrix), {
      components: 3,
      init: { W: dense(c.W0), H: dense(c.H0) },
      maxEpochs: 3,
      tol: 0,
    }).pipe(
      filter((e) => e.type === 'epoch'),
      toArray(),
    ),
  );
  t.deepEqual(
    epochs.map((e) => e.type === 'epoch' && e.epoch),
    [1, 2, 3],
  );
});
