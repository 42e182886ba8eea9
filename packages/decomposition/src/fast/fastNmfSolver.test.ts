import { CsrMatrix, DenseMatrix, Random } from '@rivulet/linalg';
import test from 'ava';
import { FastNmf } from './FastNmf.js';
import { fastNmfSolver } from './fastNmfSolver.js';

function problem(seed: number, rows: number, cols: number, k: number) {
  const rng = new Random(seed);
  const dense: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(rng.next() < 0.4 ? rng.next() : 0);
    dense.push(row);
  }
  const W = new Float64Array(rows * k).map(() => rng.next());
  const H = new Float64Array(k * cols).map(() => rng.next());
  return { A: CsrMatrix.fromDense(dense), W, H };
}

for (const solver of ['mu', 'cd'] as const) {
  test(`${solver}: steps are FastNmf iterations, with the loss after each and the factors read back into the start arrays`, (t) => {
    const { A, W, H } = problem(3, 24, 18, 4);
    const run = fastNmfSolver(A, W, H, 4, { solver, tol: 0, threads: 1 });
    const engine = new FastNmf(A, new DenseMatrix(24, 4, W.slice()), new DenseMatrix(4, 18, H.slice()), {
      solver,
      threads: 1,
    });
    t.is(run.initialLoss, engine.loss());
    for (let epoch = 1; epoch <= 15; epoch++) {
      const outcome = run.step(epoch);
      engine.iterate();
      t.is(outcome.loss, engine.loss());
      t.false(outcome.converged && solver === 'mu', 'tol 0 never converges MU');
    }
    t.deepEqual(run.W, engine.W.data);
    t.deepEqual(run.H, engine.H.data);
    t.is(run.W, W, 'W is read back into the start array, not into a new one');
    t.is(run.H, H);
    run.W[0] = -1;
    t.not(run.W[0], -1, 'the engine keeps its own W: a read overwrites the array');
    run.close();
    t.throws(() => run.W, { message: /after release\(\)/ }, 'closing gave the memory back');
  });
}

test('mu: tested every 10 epochs against the initial loss, as scikit-learn', (t) => {
  const { A, W, H } = problem(4, 20, 16, 3);
  const run = fastNmfSolver(A, W, H, 3, { solver: 'mu', tol: 0.5, threads: 1 });
  const converged: number[] = [];
  for (let epoch = 1; epoch <= 30; epoch++) if (run.step(epoch).converged) converged.push(epoch);
  t.true(converged.every((e) => e % 10 === 0));
  t.true(converged.includes(20), 'a small change against a loose tol converges at the next test');
});

test('cd: violation relative to epoch 1', (t) => {
  const { A, W, H } = problem(5, 20, 16, 3);
  t.true(fastNmfSolver(A, W, H, 3, { solver: 'cd', tol: 1, threads: 1 }).step(1).converged);
  const strict = fastNmfSolver(A, W, H, 3, { solver: 'cd', tol: 1e-12, threads: 1 });
  t.false(strict.step(1).converged);
  t.false(strict.step(2).converged);
});
