import { type Document, isRivuletError, TermTable } from '@rivulet/core';
import test from 'ava';
import fc from 'fast-check';
import { createTokenizer, type TokenizerOptions, tokenSpans } from './index.js';

/** The tokens a span tokenizer hands over for one document, cut out, with every hash checked. */
function spanTokens(options: TokenizerOptions, doc: Document): { id: string; tokens: string[] } {
  const tokens: string[] = [];
  const id = tokenSpans(options)(doc, 0, {
    token(text, start, end, hash) {
      if (hash !== undefined && hash !== TermTable.hash(text, start, end)) throw new Error('wrong hash');
      tokens.push(text.slice(start, end));
    },
  });
  return { id, tokens };
}

const piece = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    'The',
    'THE',
    'and',
    'Fox',
    ' ',
    ', ',
    '\n',
    '\uD800',
    '\u0301',
    'é',
    'İ',
    '微信',
    '合作\n的人',
    '𝐀𝐁',
    'カタカナ',
    '_',
    '42',
  ),
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

const optionSets: TokenizerOptions[] = [
  {},
  { lang: 'en', stopWords: 'en' },
  { lang: 'auto', stopWords: 'en' },
  { lang: 'zh', stopWords: 'zh' },
  { lowercase: false, stopWords: ['The', 'fox'] },
  { ngram: [1, 2], stopWords: 'en' },
  { dictionary: ['微信'], chunkSize: 64 },
];

test('tokenSpans hands over exactly the tokens the tokenizer emits, in order, for any text', (t) => {
  for (const options of optionSets) {
    const tokens = createTokenizer(options);
    fc.assert(
      fc.property(text, (s) => {
        const spans = spanTokens(options, { id: 'x', text: s });
        return spans.id === 'x' && JSON.stringify(spans.tokens) === JSON.stringify(tokens(s));
      }),
      { numRuns: 200 },
    );
  }
  t.pass();
});

test('tokenSpans: stop words by span, pre-tokenized documents, and the stage errors', (t) => {
  t.deepEqual(spanTokens({ stopWords: 'en' }, { id: 'a', text: 'The Red Fox and THE hen' }), {
    id: 'a',
    tokens: ['red', 'fox', 'hen'],
  });
  t.deepEqual(spanTokens({ stopWords: 'en' }, { id: 'b', tokens: ['The', 'Red', 'fox'] }).tokens, [
    'red',
    'fox',
  ]);
  const tokenizer = tokenSpans();
  const sink = { token() {} };
  for (const [doc, message] of [
    [null, /tokenize: document 3 must be an object/],
    [{ id: 1, text: 'x' }, /tokenize: document 3: id must be a string, got 1/],
    [{ id: 'a' }, /needs a string text or an array tokens/],
    [{ id: 'a', tokens: ['a', 2] }, /tokens\[1\] must be a string/],
  ] as const) {
    const error = t.throws(() => tokenizer(doc as unknown as Document, 3, sink), { message });
    t.true(isRivuletError(error) && error.kind === 'invalid-input');
  }
  const option = t.throws(() => tokenSpans({ lang: 'fr' } as unknown as TokenizerOptions));
  t.true(isRivuletError(option) && option.kind === 'invalid-option');
});

test('tokenSpans turns an engine limit into a limit error, as the stage does', (t) => {
  const tokenizer = tokenSpans();
  const error = t.throws(() =>
    tokenizer({ id: 'a', text: 'word '.repeat(10) }, 0, {
      token() {
        throw new RangeError('Invalid array length');
      },
    }),
  );
  t.true(isRivuletError(error) && error.kind === 'limit');
});
