import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { parseCommandLine } from './parseCommandLine.js';
import { topicsSettings } from './topicsSettings.js';

const settings = (...argv: string[]) => topicsSettings(parseCommandLine(['topics', ...argv]));

test('defaults follow scikit-learn where it has one', async (t) => {
  const s = await settings('c.jsonl');
  t.deepEqual(s.components, [10]);
  t.is(s.decomposer.name, 'nmf-cd');
  // No --max-epochs: the decomposer's own default applies (its options schema states it), for any decomposer.
  t.deepEqual(s.decomposer.options, {});
  t.deepEqual(s.tokenizer, { lang: 'auto', stopWords: null, ngram: [1, 1] });
  t.deepEqual(s.vectorizer, {
    weighting: 'tfidf',
    minDf: undefined,
    maxDf: undefined,
    maxFeatures: undefined,
  });
});

test('options are read with their library meanings', async (t) => {
  const s = await settings(
    'c.jsonl',
    '--components',
    '5,10,20',
    '--solver',
    'mu',
    '--beta-loss',
    '1.5',
    '--init',
    'random',
    '--tol',
    '1e-5',
    '--seed',
    '3',
    '--min-df',
    '2',
    '--max-df',
    '0.95',
    '--ngram',
    '1,2',
    '--stop-words',
    'en',
    '--lang',
    'en',
  );
  t.deepEqual(s.components, [5, 10, 20]);
  t.is(s.decomposer.name, 'nmf-mu');
  t.deepEqual(s.decomposer.options, { betaLoss: 1.5, init: 'random', tol: 1e-5, seed: 3 });
  t.deepEqual(s.vectorizer.minDf, { count: 2 });
  t.deepEqual(s.vectorizer.maxDf, { proportion: 0.95 });
  t.deepEqual((await settings('c.jsonl', '--max-df', '1.0')).vectorizer.maxDf, { proportion: 1 });
  t.deepEqual(s.tokenizer, { lang: 'en', stopWords: 'en', ngram: [1, 2] });
  t.is((await settings('c', '--decomposer', 'svd')).decomposer.options.maxEpochs, undefined);
});

test('bad values are invalid-option errors naming the option and the value', async (t) => {
  const cases: [string[], string][] = [
    [['--components', 'abc'], 'rivulet: --components must be an integer ≥ 1, got "abc"'],
    [['--components', '0'], 'rivulet: --components must be an integer ≥ 1, got "0"'],
    [['--components', '5,5'], 'rivulet: --components must be distinct integers ≥ 1, got "5,5"'],
    [['--solver', 'als'], 'rivulet: --solver must be one of mu, cd, got "als"'],
    [
      ['--max-df', '1.5'],
      'rivulet: --max-df must be an integer count ≥ 0 or a proportion in [0, 1] written with a decimal point (0.95, 1.0), got "1.5"',
    ],
    [['--tol=-1'], 'rivulet: --tol must be a finite number ≥ 0, got "-1"'],
    [
      ['--ngram', '2,1'],
      'rivulet: --ngram must be n or min,max with 1 ≤ min ≤ max ≤ 9 (e.g. 1,2), got "2,1"',
    ],
    [
      ['--beta-loss', 'kl'],
      'rivulet: --beta-loss must be one of frobenius, kullback-leibler, itakura-saito or a number β, got "kl"',
    ],
    [
      ['--solver', 'mu', '--decomposer', 'svd'],
      'rivulet: --solver mu contradicts --decomposer svd (--solver is short for --decomposer nmf-mu)',
    ],
  ];
  for (const [argv, message] of cases) {
    const error = await t.throwsAsync(settings('c.jsonl', ...argv));
    t.true(isRivuletError(error, 'invalid-option'));
    t.is(error.message, message);
  }
});

test('unknown options, commands and misplaced options are usage errors', (t) => {
  t.throws(() => parseCommandLine(['topics', 'c', '--components-typo', '3']), {
    message: /^rivulet: Unknown option '--components-typo'.*\(see rivulet --help\)$/,
  });
  t.throws(() => parseCommandLine(['topix', 'c']), {
    message:
      'rivulet: unknown command "topix"; commands: topics, transform, similar, plugins, publish, worker, coordinator, model (see rivulet --help)',
  });
  t.throws(() => parseCommandLine(['similar', 'q', '--components', '3']), {
    message: 'rivulet: similar does not take --components (see rivulet similar --help)',
  });
  t.deepEqual(parseCommandLine(['--version']).command, undefined);
});
