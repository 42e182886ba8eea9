import test from 'ava';
import { cdSweep } from './cdSweep.js';
import { muUpdate } from './muUpdate.js';

test('muUpdate replaces an exactly zero denominator by eps and applies l1, l2 and gamma', (t) => {
  const x = Float64Array.of(1, 1, 4);
  muUpdate(3, x, Float64Array.of(2, 1, 4), Float64Array.of(1, 0, 3), 0, 0, 1, 2 ** -23);
  t.deepEqual(Array.from(x), [2, 2 ** 23, 4 * (4 / 3)]);
  const y = Float64Array.of(2);
  muUpdate(1, y, Float64Array.of(8), Float64Array.of(1), 1, 0.5, 0.5, 2 ** -23);
  t.is(y[0], 2 * Math.sqrt(8 / (1 + 1 + 0.5 * 2)));
});

test('cdSweep solves a one-variable NNLS exactly and clips at zero', (t) => {
  const w = Float64Array.of(1);
  const violation = cdSweep(1, 1, w, Float64Array.of(2), Float64Array.of(4), 0, Int32Array.of(0));
  t.is(w[0], 2);
  t.is(violation, 2);
  const clipped = Float64Array.of(1);
  cdSweep(1, 1, clipped, Float64Array.of(2), Float64Array.of(-4), 0, Int32Array.of(0));
  t.is(clipped[0], 0);
});
