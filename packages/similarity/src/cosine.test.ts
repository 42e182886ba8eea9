import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import fc from 'fast-check';
import { cosine } from './index.js';

/**
 * Finite values of any magnitude up to 1e6; subnormals are left out so that scaling by c below cannot
 * underflow a non-zero value to 0 (which would rightly change the cosine).
 */
const value = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .filter((v) => v === 0 || Math.abs(v) > 1e-200);
const pair = fc
  .integer({ min: 1, max: 12 })
  .chain((d) =>
    fc.tuple(
      fc.array(value, { minLength: d, maxLength: d }),
      fc.array(value, { minLength: d, maxLength: d }),
    ),
  );

test('cosine is in [−1, 1] and symmetric', (t) => {
  fc.assert(
    fc.property(pair, ([a, b]) => {
      const ab = cosine(a, b);
      return ab >= -1 && ab <= 1 && ab === cosine(b, a);
    }),
  );
  t.pass();
});

test('cosine(x, c·x) = 1 and cosine(x, −c·x) = −1 for c > 0 and x ≠ 0', (t) => {
  fc.assert(
    fc.property(
      fc.array(value, { minLength: 1, maxLength: 12 }).filter((x) => x.some((v) => v !== 0)),
      fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      (x, c) => {
        const scaled = x.map((v) => v * c);
        return (
          Math.abs(cosine(x, scaled) - 1) < 1e-12 &&
          Math.abs(
            cosine(
              x,
              scaled.map((v) => -v),
            ) + 1,
          ) < 1e-12
        );
      },
    ),
  );
  t.pass();
});

test('known values, and extreme magnitudes neither overflow nor underflow', (t) => {
  t.is(cosine([1, 0], [0, 1]), 0);
  t.true(Math.abs(cosine([1, 0], [1, 1]) - Math.SQRT1_2) < 1e-15);
  t.true(Math.abs(cosine(new Float64Array([3, 4]), [4, 3]) - 24 / 25) < 1e-15);
  t.is(cosine([1e300, 1e300], [2e300, 2e300]), 1);
  t.is(cosine([1e-310, 0], [5e-324, 0]), 1);
});

test('a zero vector has cosine 0 with anything (scikit-learn zero-norm guard)', (t) => {
  t.is(cosine([0, 0, 0], [1, 2, 3]), 0);
  t.is(cosine([1, 2, 3], [0, 0, 0]), 0);
  t.is(cosine([0, 0], [0, 0]), 0);
  t.is(cosine([], []), 0);
});

test('different lengths, non-finite values and non-arrays are invalid-input errors', (t) => {
  const lengths = t.throws(() => cosine([1, 2], [1, 2, 3]));
  t.true(isRivuletError(lengths, 'invalid-input'));
  t.is(lengths?.message, 'cosine: a and b must have the same length, got 2 and 3');
  const nan = t.throws(() => cosine([1, Number.NaN], [1, 2]));
  t.true(isRivuletError(nan, 'invalid-input'));
  t.is(nan?.message, 'cosine: a[1] must be a finite number, got NaN');
  t.is(
    t.throws(() => cosine([1, 2], [Number.POSITIVE_INFINITY, 2]))?.message,
    'cosine: b[0] must be a finite number, got Infinity',
  );
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const text = t.throws(() => cosine('ab' as any, [1, 2]));
  t.is(text?.message, 'cosine: a must be an array or typed array of numbers, got "ab"');
});
