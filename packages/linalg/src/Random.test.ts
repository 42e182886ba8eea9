import test from 'ava';
import { Random } from './index.js';

// Values printed by numpy 1.24: np.random.RandomState(s).random_sample() / .standard_normal() / .permutation(7)
test('Random draws the same uniforms and normals as numpy.random.RandomState', (t) => {
  const r = new Random(0);
  t.is(r.next(), 0.5488135039273248);
  t.is(r.normal(), 0.7415917408091613);
  t.is(r.normal(), 1.5529137219128164);
  t.is(r.normal(), -2.268328201180374);
  const big = new Random(123456789);
  t.is(big.next(), 0.532833024789759);
  t.is(big.normal(), 0.8768342101492541);
});

test('Random.permutation equals numpy.random.RandomState(5).permutation(7)', (t) => {
  t.deepEqual(Array.from(new Random(5).permutation(7, new Int32Array(7))), [6, 2, 4, 1, 0, 5, 3]);
});

test('Random rejects seeds numpy rejects', (t) => {
  t.throws(() => new Random(-1), { instanceOf: RangeError });
  t.throws(() => new Random(2 ** 32), { instanceOf: RangeError });
  t.throws(() => new Random(1.5), { instanceOf: RangeError });
});

test('fillNormal gives the values of normal() one at a time, whatever the lengths and a pending spare', (t) => {
  for (const lengths of [[0], [1], [2], [7, 3], [1, 1, 5], [1000, 1, 624 * 3 + 1]]) {
    const bulk = new Random(42);
    const single = new Random(42);
    for (const n of lengths) {
      const out = new Float64Array(n);
      bulk.fillNormal(out);
      for (let p = 0; p < n; p++) t.is(out[p], single.normal());
    }
    t.is(bulk.normal(), single.normal());
    t.is(bulk.next(), single.next());
  }
});
