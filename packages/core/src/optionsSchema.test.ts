import test from 'ava';
import {
  checkOptions,
  describeOption,
  type OptionsSchema,
  parseOptionValue,
  suggestOption,
} from './optionsSchema.js';

const schema: OptionsSchema = {
  components: { type: 'integer', min: 1, required: true, description: 'topics' },
  norm: { type: 'string', values: ['l1', 'l2', null], default: 'l2', description: 'row norm' },
  alphaH: { type: 'number', min: 0, values: ['same'], default: 'same', description: 'H strength' },
  words: { type: 'string[]', description: 'a list' },
  stop: { type: ['object', 'function'], codeOnly: true, description: 'graceful stop' },
};

test('checkOptions: unknown keys with a hint, required options, types, bounds and literals', (t) => {
  t.notThrows(() => checkOptions('p', schema, { components: 3, norm: null, alphaH: 'same', words: ['a'] }));
  t.is(
    t.throws(() => checkOptions('p', schema, { component: 3 }))?.message,
    'p: unknown option "component" (did you mean "components"?); known options: components, norm, alphaH, words, stop',
  );
  t.is(
    t.throws(() => checkOptions('p', schema, {}))?.message,
    'p: components must be an integer in [1, ∞), got undefined',
  );
  t.is(
    t.throws(() => checkOptions('p', schema, { components: 1.5 }))?.message,
    'p: components must be an integer in [1, ∞), got 1.5',
  );
  t.is(
    t.throws(() => checkOptions('p', schema, { components: 1, norm: 'l3' }))?.message,
    'p: norm must be one of "l1", "l2", null, got "l3"',
  );
  t.is(
    t.throws(() => checkOptions('p', schema, { components: 1, alphaH: -1 }))?.message,
    'p: alphaH must be a finite number in [0, ∞) or "same", got -1',
  );
});

test('parseOptionValue reads command-line text by type; code-only options are refused', (t) => {
  t.is(parseOptionValue('p', 'components', schema.components, '7'), 7);
  t.is(parseOptionValue('p', 'norm', schema.norm, 'null'), null);
  t.is(parseOptionValue('p', 'alphaH', schema.alphaH, 'same'), 'same');
  t.is(parseOptionValue('p', 'alphaH', schema.alphaH, '0.5'), 0.5);
  t.deepEqual(parseOptionValue('p', 'words', schema.words, 'a, b'), ['a', 'b']);
  t.is(
    t.throws(() => parseOptionValue('p', 'components', schema.components, 'x'))?.message,
    'p: components must be an integer in [1, ∞), got "x"',
  );
  t.is(
    t.throws(() => parseOptionValue('p', 'stop', schema.stop, 'x'))?.message,
    'p: stop can only be set from code, not as text',
  );
});

test('describeOption and suggestOption serve help and did-you-mean', (t) => {
  t.is(describeOption(schema.words), 'an array of strings');
  t.is(describeOption(schema.norm), 'one of "l1", "l2", null');
  t.is(suggestOption(schema, 'alphah'), 'alphaH');
  t.is(suggestOption(schema, 'zzzzzz'), undefined);
});
