import test from 'ava';
import { frobeniusFromSquares } from './frobeniusFromSquares.js';

test('frobeniusFromSquares is √(‖A‖² − 2⟨A, WH⟩ + ‖WH‖²)', (t) => {
  t.is(frobeniusFromSquares(25, 10, 4), Math.sqrt(9));
});

test('a negative loss² within rounding of the terms reads as an exact fit', (t) => {
  // ‖A‖² = ‖WH‖² = ⟨A, WH⟩ = 1e6 up to a few ulps: an exact fit whose expansion rounds below zero
  t.is(frobeniusFromSquares(1e6, 1e6 + 1e-7, 1e6), 0);
});

test('a negative loss² beyond rounding is an internal error, not a silent 0', (t) => {
  t.throws(() => frobeniusFromSquares(1, 2, 1), { instanceOf: RangeError });
});
