import test from 'ava';
import { betaDivergence, lossFromDivergence } from './betaDivergence.js';
import { ConvergenceTest } from './convergence.js';

test("MU: tested every tenth epoch only, against the loss of the previous check (scikit-learn's rule)", (t) => {
  const test10 = new ConvergenceTest('mu', 0.1, 100);
  t.false(test10.needsLoss(9));
  t.true(test10.needsLoss(10));
  for (let e = 1; e < 10; e++) t.false(test10.converged(e, 1, 0), 'epochs between checks never converge');
  t.false(test10.converged(10, 80, 0)); // (100 − 80) / 100 = 0.2 ≥ 0.1
  t.true(test10.converged(20, 75, 0)); // (80 − 75) / 100 = 0.05 < 0.1
  t.false(new ConvergenceTest('mu', 0, 100).needsLoss(10), 'tol 0 never tests');
  t.true(new ConvergenceTest('mu', 1e-4, 0).converged(10, 0, 0), 'an exact start is converged');
});

test('CD: every epoch, violation against the first epoch', (t) => {
  const cd = new ConvergenceTest('cd', 0.1, 5);
  t.false(cd.needsLoss(10));
  t.false(cd.converged(1, Number.NaN, 8));
  t.false(cd.converged(2, Number.NaN, 1));
  t.true(cd.converged(3, Number.NaN, 0.8));
  t.true(new ConvergenceTest('cd', 0.1, 5).converged(1, Number.NaN, 0), 'nothing to improve');
});

test('betaDivergence assembles scikit-learn’s three cases; lossFromDivergence reads rounding negatives as 0', (t) => {
  // KL of x = 2 against wh = 1 in a 1 × 1 matrix: 2·log 2 − 2 + 1
  t.is(betaDivergence(1, 2 * Math.log(2) - 2, 1, 1), 2 * Math.log(2) - 1);
  // IS: x/wh − log(x/wh) − 1
  t.true(Math.abs(betaDivergence(0, 2 - Math.log(2), 0, 1) - (1 - Math.log(2))) < 1e-15);
  // β = 3: (x³ − 3·x·wh² + 2·wh³) / 6 with x = 2, wh = 1
  t.is(betaDivergence(3, 8 - 3 * 2, 1, 1), (8 - 6 + 2) / 6);
  t.is(lossFromDivergence(2), 2);
  t.is(lossFromDivergence(-1e-18), 0);
});
