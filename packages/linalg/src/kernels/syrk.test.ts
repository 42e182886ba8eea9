import test from 'ava';
import fc from 'fast-check';
import { ddot, syrk } from '../index.js';

const matrix = fc
  .record({ n: fc.integer({ min: 1, max: 140 }), d: fc.integer({ min: 0, max: 9 }) })
  .chain(({ n, d }) =>
    fc.tuple(
      fc.constant({ n, d }),
      fc
        .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * d, maxLength: n * d })
        .map((v) => Float64Array.from(v)),
    ),
  );

test('syrk: every entry is ddot of two rows, bit for bit, and C is exactly symmetric', (t) => {
  // n up to 140 crosses the 64-row panels and leaves partial 4 × 4 tiles at the edges.
  fc.assert(
    fc.property(matrix, ([{ n, d }, X]) => {
      const C = new Float64Array(n * n).fill(Number.NaN);
      syrk(n, d, X, C);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const expected = ddot(d, X.subarray(i * d), X.subarray(j * d));
          if (!Object.is(C[i * n + j], expected) || C[i * n + j] !== C[j * n + i]) return false;
        }
      }
      return true;
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('syrk: the README example, and the Gram matrix of H as NMF uses it (k × k from k × n)', (t) => {
  const C = new Float64Array(4);
  syrk(2, 2, Float64Array.of(1, 2, 3, 4), C);
  t.deepEqual(Array.from(C), [5, 11, 11, 25]);
  const H = Float64Array.of(1, 0, 2, 0, 3, 1);
  const HHt = new Float64Array(4);
  syrk(2, 3, H, HHt);
  t.deepEqual(Array.from(HHt), [5, 2, 2, 10]);
});
