import {
  createContainer,
  DECOMPOSER,
  isRivuletError,
  listPlugins,
  type ResultEvent,
  SCHEDULER,
  type TrainingEvent,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { ContainerModule } from 'inversify';
import { firstValueFrom, lastValueFrom, of, queueScheduler, toArray } from 'rxjs';
import {
  fitNmf,
  inverseTransform,
  nmfCdModule,
  nmfMuModule,
  nmfTransform,
  trainNmf,
  transformNmf,
} from './index.js';
import { CdSolver } from './solvers/CdSolver.js';
import { MuSolver } from './solvers/MuSolver.js';
import { type CsrJson, csrFromJson, dense, maxRelativeError, readFixture } from './testing/fixtures.js';

interface TransformCase {
  solver: 'mu' | 'cd';
  maxEpochs: number;
  tol: number;
  matrix: CsrJson;
  H: number[][];
  W: number[][];
}

const { transforms } = readFixture<{ transforms: TransformCase[] }>('nmf_solvers');
for (const c of transforms) {
  test(`transformNmf (${c.solver}) equals scikit-learn 1.2's NMF.transform`, (t) => {
    const W = transformNmf(csrFromJson(c.matrix), dense(c.H), {
      solver: c.solver,
      maxEpochs: c.maxEpochs,
      tol: c.tol,
    });
    const error = maxRelativeError(W.data, c.W.flat(), 1e-6);
    t.true(error < 1e-8, `error ${error}`);
  });
}

function topics(): CsrMatrix {
  const rows: number[][] = [];
  for (let d = 0; d < 24; d++) {
    const row = new Array<number>(18).fill(0);
    const topic = d % 3;
    for (let j = 0; j < 6; j++) row[topic * 6 + j] = 1 + ((d * 7 + j * 3) % 5);
    row[(d * 5) % 18] += 0.5;
    rows.push(row);
  }
  return CsrMatrix.fromDense(rows);
}

function relativeFrobenius(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

test('cd: transforming the training documents reproduces W to 1e-4', async (t) => {
  const a = topics();
  const { W, H } = await fitNmf(a, {
    components: 3,
    solver: 'cd',
    init: 'random',
    maxEpochs: 2000,
    tol: 1e-12,
  });
  const again = transformNmf(a, H, { solver: 'cd', maxEpochs: 2000, tol: 1e-12 });
  const error = relativeFrobenius(again.data, W.data);
  t.true(error < 1e-4, `relative error ${error}`);
});

test('nmfTransform scores a stream of batches against a fixed H', async (t) => {
  const a = topics();
  const { H } = await fitNmf(a, { components: 3, solver: 'cd', maxEpochs: 300 });
  const batches = [a.selectRows([0, 1, 2]), a.selectRows([3, 4])];
  const Ws = await lastValueFrom(of(...batches).pipe(nmfTransform(H, { solver: 'cd' }), toArray()));
  t.deepEqual(
    Ws.map((w) => [w.rows, w.cols]),
    [
      [3, 3],
      [2, 3],
    ],
  );
  t.deepEqual(Array.from(Ws[1].data), Array.from(transformNmf(batches[1], H, { solver: 'cd' }).data));
});

test('nmfTransform sends a bad H down the error channel', async (t) => {
  const error = await firstValueFrom(of(topics()).pipe(nmfTransform(new DenseMatrix(3, 5)))).catch((e) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error.message, 'transformNmf: H must be components × cols = 3 × 18, got 3 × 5');
});

test('inverseTransform is W·H and checks the inner dimension', (t) => {
  const W = DenseMatrix.fromRows([
    [1, 2],
    [0, 1],
  ]);
  const H = DenseMatrix.fromRows([
    [1, 0, 1],
    [2, 1, 0],
  ]);
  t.deepEqual(inverseTransform(W, H).toArrays(), [
    [5, 2, 1],
    [2, 1, 0],
  ]);
  const error = t.throws(() => inverseTransform(H, H));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(
    error?.message,
    "inverseTransform: W's columns must equal H's rows (components), got W 2 × 3 and H 2 × 3",
  );
});

test('nndsvd with MU warns that its zeros never move (code mu-zero-init)', async (t) => {
  const events = await lastValueFrom(
    trainNmf(topics(), { components: 3, init: 'nndsvd', maxEpochs: 2 }).pipe(toArray()),
  );
  t.is(events[0].type, 'warning');
  t.is(events[0].type === 'warning' && events[0].code, 'mu-zero-init');
  const cd = await lastValueFrom(
    trainNmf(topics(), { components: 3, solver: 'cd', init: 'nndsvd', maxEpochs: 2 }).pipe(toArray()),
  );
  t.false(cd.some((e) => e.type === 'warning'));
});

test('the default start is nndsvda when components ≤ min(rows, cols), random above (over-complete)', async (t) => {
  const a = DenseMatrix.fromRows([
    [1, 0, 2],
    [0, 3, 1],
  ]);
  const byDefault = await fitNmf(a, { components: 2, maxEpochs: 3 });
  const explicit = await fitNmf(a, { components: 2, init: 'nndsvda', maxEpochs: 3 });
  t.deepEqual(Array.from(byDefault.W.data), Array.from(explicit.W.data));
  const over = await fitNmf(a, { components: 4, maxEpochs: 3 });
  const random = await fitNmf(a, { components: 4, init: 'random', maxEpochs: 3 });
  t.deepEqual(Array.from(over.W.data), Array.from(random.W.data));
});

test('the NNDSVD family rejects components > min(rows, cols)', async (t) => {
  const a = new DenseMatrix(6, 8, new Float64Array(48).fill(1));
  const error = await fitNmf(a, { components: 9, init: 'nndsvda' }).catch((e) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(
    error.message,
    'nmf: components must be an integer in [1, min(rows, cols)] = [1, 6] for init "nndsvda", got 9',
  );
});

test('plugins: nmf-mu and nmf-cd bind DECOMPOSER (last loaded wins) and are discoverable', async (t) => {
  const matrix = {
    matrix: topics(),
    vocabulary: [],
    ids: [],
    weighting: { kind: 'count', norm: null },
  } as const;
  const container = createContainer([
    nmfMuModule({ components: 3, maxEpochs: 5 }),
    nmfCdModule({ components: 2, maxEpochs: 4 }),
  ]);
  t.deepEqual(
    listPlugins(container, 'decomposer').map((p) => p.name),
    ['nmf-mu', 'nmf-cd'],
  );
  const active = container.get(DECOMPOSER);
  t.is(active.name, 'nmf-cd');
  const events: TrainingEvent[] = await lastValueFrom(active.apply(of(matrix)).pipe(toArray()));
  const result = events.at(-1) as ResultEvent;
  t.is(result.epochs, 4);
  t.is(result.H.rows, 2);
  const mu = listPlugins(container, 'decomposer')[0].create({ maxEpochs: 2 });
  const muResult = (await lastValueFrom(mu.apply(of(matrix)).pipe(toArray()))).at(-1) as ResultEvent;
  t.is(mu.name, 'nmf-mu');
  t.is(muResult.epochs, 2);
  t.is(muResult.H.rows, 3);
});

test('a plugin given a conflicting solver errors instead of ignoring it', async (t) => {
  const container = createContainer([nmfMuModule({ components: 2, solver: 'cd' } as never)]);
  const error = await firstValueFrom(container.get(DECOMPOSER).apply(of())).catch((e) => e);
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(error.message, 'nmf-mu: solver must be "mu" or absent for plugin nmf-mu, got "cd"');
});

test('the stage classes train on a scheduler bound to SCHEDULER', (t) => {
  const scheduling = new ContainerModule(({ bind }) => {
    bind(SCHEDULER).toConstantValue(queueScheduler);
  });
  const container = createContainer([scheduling, nmfCdModule({ components: 2, maxEpochs: 3 })]);
  const matrix = {
    matrix: topics(),
    vocabulary: [],
    ids: [],
    weighting: { kind: 'count', norm: null },
  } as const;
  const events: TrainingEvent[] = [];
  container
    .get(DECOMPOSER)
    .apply(of(matrix))
    .subscribe((e) => events.push(e));
  // queueScheduler runs the whole loop synchronously inside subscribe; the default would not have started yet.
  t.is(events.length, 4);
  t.is(events.at(-1)?.type, 'result');
});

test('transforming all-zero rows gives zero topic weights', (t) => {
  const H = DenseMatrix.fromRows([
    [1, 0, 1],
    [0, 2, 1],
  ]);
  for (const solver of ['mu', 'cd'] as const) {
    const W = transformNmf(new DenseMatrix(2, 3), H, { solver });
    t.deepEqual(Array.from(W.data), [0, 0, 0, 0], solver);
  }
});

for (const solver of ['mu', 'cd'] as const) {
  test(`transformNmf (${solver}, Frobenius, unregularised) runs the fused engine and agrees with the plain solver within 1e-10 of the largest entry`, async (t) => {
    const A = topics();
    const { H } = await fitNmf(A, { components: 3, solver: 'cd', maxEpochs: 300 });
    const fused = transformNmf(A, H, { solver, maxEpochs: 300, tol: 0 });
    // The same solve, from the same start, on the plain solver (the path regularised runs take).
    const k = H.rows;
    const W = new Float64Array(A.rows * k);
    if (solver === 'mu') {
      let sum = 0;
      for (const v of A.data) sum += v;
      W.fill(Math.sqrt(sum / (A.rows * A.cols) / k));
    }
    const zero = { l1W: 0, l1H: 0, l2W: 0, l2H: 0 };
    const plain =
      solver === 'mu'
        ? new MuSolver(A, W, H.data.slice(), k, 2, zero, 0, false, false)
        : new CdSolver(A, W, H.data.slice(), k, zero, 0, false, false, false, 0);
    for (let epoch = 1; epoch <= 300; epoch++) plain.step(epoch);
    let scale = 0;
    let worst = 0;
    for (let p = 0; p < W.length; p++) {
      scale = Math.max(scale, Math.abs(plain.W[p]));
      worst = Math.max(worst, Math.abs(fused.data[p] - plain.W[p]));
    }
    t.true(worst <= 1e-10 * scale, `worst ${worst}, largest ${scale}`);
  });
}
