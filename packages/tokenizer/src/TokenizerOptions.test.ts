import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { createTokenizer, type TokenizerOptions } from './index.js';

const bad: [unknown, string][] = [
  ['zh', 'tokenize: options must be an object, got "zh"'],
  [{ lang: 'fr' }, 'tokenize: lang must be one of "auto", "en", "zh", got "fr"'],
  [{ lowercase: 'yes' }, 'tokenize: lowercase must be true or false, got "yes"'],
  [
    { stopWords: 'de' },
    `tokenize: stopWords must be 'en', 'zh', null, or an array or Set of strings, got "de"`,
  ],
  [{ stopWords: ['a', 1] }, 'tokenize: stopWords[1] must be a string, got 1'],
  [{ ngram: 0 }, 'tokenize: ngram must be an integer ≥ 1, got 0'],
  [{ ngram: 1.5 }, 'tokenize: ngram must be an integer ≥ 1, got 1.5'],
  [
    { ngram: [1, 2, 3] },
    'tokenize: ngram must be an integer ≥ 1 or a pair [min, max] of integers with 1 ≤ min ≤ max, got an array of length 3',
  ],
  [{ ngram: [0, 2] }, 'tokenize: ngram[0] must be an integer ≥ 1, got 0'],
  [{ ngram: [3, 2] }, 'tokenize: ngram[1] must be an integer in [ngram[0], ∞) = [3, ∞), got 2'],
  [{ dictionary: '微信' }, 'tokenize: dictionary must be an array of strings, got "微信"'],
  [
    { dictionary: ['微信', ''] },
    'tokenize: dictionary[1] must be a non-empty string without whitespace, got ""',
  ],
  [
    { dictionary: ['微 信'] },
    'tokenize: dictionary[0] must be a non-empty string without whitespace, got "微 信"',
  ],
  [
    { lang: 'en', dictionary: ['微信'] },
    'tokenize: dictionary applies to text split by Intl.Segmenter, which lang "en" never uses; use lang "auto" or "zh", got lang "en" with 1 dictionary words',
  ],
  [{ chunkSize: 10 }, 'tokenize: chunkSize must be an integer in [64, 32768], got 10'],
  [{ chunkSize: 65536 }, 'tokenize: chunkSize must be an integer in [64, 32768], got 65536'],
  [
    { stopwords: 'en' },
    'tokenize: unknown option "stopwords" (did you mean "stopWords"?); known options: lang, lowercase, stopWords, ngram, dictionary, chunkSize',
  ],
];

for (const [options, message] of bad) {
  test(`rejects ${JSON.stringify(options)}`, (t) => {
    const error = t.throws(() => createTokenizer(options as TokenizerOptions));
    t.true(isRivuletError(error, 'invalid-option'));
    t.is(error?.message, message);
  });
}

test('accepts the defaults spelled out, a Set of stop words and an empty dictionary with lang en', (t) => {
  const tokens = createTokenizer({
    lang: 'auto',
    lowercase: true,
    stopWords: new Set(['the']),
    ngram: [1, 1],
    dictionary: [],
    chunkSize: 4096,
  });
  t.deepEqual(tokens('The end'), ['end']);
  t.deepEqual(createTokenizer({ lang: 'en', dictionary: [], stopWords: null })('The end'), ['the', 'end']);
});
