import test from 'ava';
import fc from 'fast-check';
import { describeValue, isRivuletError } from './RivuletError.js';
import { integerOption, knownOptions, numberOption, oneOfOption } from './validate.js';

test('integerOption names the stage, the parameter, the range and the value', (t) => {
  const error = t.throws(() =>
    integerOption('nmf', 'components', 9, { min: 1, max: 6, label: '[1, min(rows, cols)] = [1, 6]' }),
  );
  t.is(error?.message, 'nmf: components must be an integer in [1, min(rows, cols)] = [1, 6], got 9');
  t.true(isRivuletError(error, 'invalid-option'));
  t.is((error as { parameter?: string }).parameter, 'components');
  t.is(integerOption('nmf', 'components', 3, { min: 1 }), 3);
  t.is(
    t.throws(() => integerOption('nmf', 'maxEpochs', 2.5, { min: 0 }))?.message,
    'nmf: maxEpochs must be an integer ≥ 0, got 2.5',
  );
  t.is(t.throws(() => integerOption('nmf', 'seed', '3'))?.message, 'nmf: seed must be an integer, got "3"');
});

test('numberOption rejects NaN, infinities and out-of-range values', (t) => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, '1']) {
    t.throws(() => numberOption('nmf', 'tol', bad, { min: 0 }), {
      message: /^nmf: tol must be a finite number in \[0, ∞\), got /,
    });
  }
  t.is(numberOption('nmf', 'tol', 0, { min: 0 }), 0);
  t.throws(() => numberOption('v', 'maxDf', 0, { min: 0, minExclusive: true, max: 1 }), {
    message: 'v: maxDf must be a finite number in (0, 1], got 0',
  });
});

test('oneOfOption lists what is allowed', (t) => {
  t.throws(() => oneOfOption('vectorize', 'weighting', 'bm25', ['binary', 'count', 'tfidf']), {
    message: 'vectorize: weighting must be one of "binary", "count", "tfidf", got "bm25"',
  });
});

test('knownOptions rejects unknown keys with a suggestion, and non-object options', (t) => {
  t.throws(() => knownOptions('nmf', { component: 3 }, ['components', 'seed']), {
    message: 'nmf: unknown option "component" (did you mean "components"?); known options: components, seed',
  });
  t.throws(() => knownOptions('nmf', 3, ['components']), {
    message: 'nmf: options must be an object, got 3',
  });
  t.notThrows(() => knownOptions('nmf', undefined, ['components']));
  t.notThrows(() => knownOptions('nmf', { components: 1 }, ['components']));
});

test('describeValue never throws and stays short', (t) => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const text = describeValue(value);
      return typeof text === 'string' && text.length <= 80;
    }),
    { numRuns: 500 },
  );
  t.is(describeValue(Number.NaN), 'NaN');
  t.is(describeValue(new Float64Array(2)), 'a Float64Array');
  t.is(describeValue([1, 2]), 'an array of length 2');
});
