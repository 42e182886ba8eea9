import { readFileSync } from 'node:fs';
import { isRivuletError } from '@rivulet/core';
import test from 'ava';
import { CHINESE_STOP_WORDS, createTokenizer, ENGLISH_STOP_WORDS } from './index.js';

interface SklearnFixture {
  readonly stopWords: string[];
  readonly cases: { text: string; tokens: string[]; ngrams13: string[] }[];
}
const sklearn: SklearnFixture = JSON.parse(
  readFileSync(new URL('../fixtures/tokenizer-sklearn.json', import.meta.url), 'utf8'),
);
const zhCorpus = readFileSync(new URL('../../../data/zh.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { id: string; text: string });

test('Intl.Segmenter splits 我们需要稳定的微信支付接口 into words, single characters kept', (t) => {
  t.deepEqual(createTokenizer()('我们需要稳定的微信支付接口'), [
    '我们',
    '需要',
    '稳定',
    '的',
    '微',
    '信',
    '支付',
    '接口',
  ]);
});

test('a dictionary word keeps adjacent segments whole: 微|信 → 微信', (t) => {
  const tokens = createTokenizer({ dictionary: ['微信'] });
  t.deepEqual(tokens('我们需要稳定的微信支付接口'), ['我们', '需要', '稳定', '的', '微信', '支付', '接口']);
});

test('the dictionary merge is greedy longest match over adjacent segments', (t) => {
  // Segmenter: 我们|需要|稳定|的|微|信|支付|接口
  const tokens = createTokenizer({ lang: 'zh', dictionary: ['微信', '微信支付', '稳定的微'] });
  t.deepEqual(tokens('我们需要稳定的微信支付接口'), ['我们', '需要', '稳定的微', '信', '支付', '接口']);
  t.deepEqual(createTokenizer({ dictionary: ['微信', '微信支付'] })('稳定的微信支付接口'), [
    '稳定',
    '的',
    '微信支付',
    '接口',
  ]);
});

test('the dictionary never merges across punctuation or space', (t) => {
  t.deepEqual(createTokenizer({ lang: 'zh', dictionary: ['微信'] })('微，信 微 信'), [
    '微',
    '信',
    '微',
    '信',
  ]);
});

test('dictionary words are lower-cased with the text', (t) => {
  t.deepEqual(createTokenizer({ lang: 'zh', dictionary: ['Debian社区'] })('Debian社区'), ['debian社区']);
  t.deepEqual(createTokenizer({ lang: 'zh', dictionary: ['Debian社区'], lowercase: false })('Debian社区'), [
    'Debian社区',
  ]);
});

test("lang 'auto' sends CJK runs to the segmenter and Latin words to the word pattern", (t) => {
  t.deepEqual(createTokenizer()('在 Debian 这种规模的项目中'), [
    '在',
    'debian',
    '这种',
    '规模',
    '的',
    '项目',
    '中',
  ]);
  t.deepEqual(createTokenizer()('用微信App付款 a 2024年'), ['用', '微', '信', 'app', '付款', '2024', '年']);
});

test("lang 'en' never segments: a Han run is one token, as in scikit-learn", (t) => {
  t.deepEqual(createTokenizer({ lang: 'en' })('在 Debian 这种规模的项目中'), ['debian', '这种规模的项目中']);
});

test("lang 'zh' segments everything, Latin words included", (t) => {
  t.deepEqual(createTokenizer({ lang: 'zh' })('在 Debian 这种规模的项目中'), [
    '在',
    'debian',
    '这种',
    '规模',
    '的',
    '项目',
    '中',
  ]);
});

test('punctuation, symbols, emoji and white space are never tokens', (t) => {
  const text = '你好，世界！ 😀 🇨🇳 ... — (a) "b" ¥100 ，。、；：？！「」《》\u3000\t\n';
  for (const lang of ['auto', 'en', 'zh'] as const) {
    for (const token of createTokenizer({ lang })(text)) t.regex(token, /[\p{L}\p{N}]/u, `${lang}: ${token}`);
  }
  t.deepEqual(createTokenizer()(text), ['你好', '世界', '100']);
});

test('English tokens equal scikit-learn’s default analyzer (fixture from scikit-learn 1.2.1)', (t) => {
  const tokens = createTokenizer({ lang: 'en' });
  const auto = createTokenizer();
  for (const c of sklearn.cases) {
    t.deepEqual(tokens(c.text), c.tokens, c.text);
    t.deepEqual(auto(c.text), c.tokens, c.text);
  }
});

test('stop words then n-grams equal scikit-learn’s ngram_range=(1, 3) with the same stop list', (t) => {
  const tokens = createTokenizer({ stopWords: sklearn.stopWords, ngram: [1, 3] });
  for (const c of sklearn.cases) t.deepEqual(tokens(c.text), c.ngrams13, c.text);
});

test('a number n for ngram means n-grams of exactly that length', (t) => {
  t.deepEqual(createTokenizer({ ngram: 2 })('one two three'), ['one two', 'two three']);
  t.deepEqual(createTokenizer({ ngram: [2, 4] })('one two'), ['one two']);
  t.deepEqual(createTokenizer({ ngram: 3 })('one two'), []);
});

test('built-in stop words are removed, off by default', (t) => {
  t.deepEqual(createTokenizer({ stopWords: 'en' })('The cat is on the mat'), ['cat', 'mat']);
  t.deepEqual(createTokenizer()('The cat'), ['the', 'cat']);
  t.deepEqual(createTokenizer({ stopWords: 'zh' })('我们需要稳定的微信支付接口'), [
    '需要',
    '稳定',
    '微',
    '信',
    '支付',
    '接口',
  ]);
  t.true(ENGLISH_STOP_WORDS.has('the'));
  for (const w of ['的', '了', '和', '是', '在', '我', '有']) t.true(CHINESE_STOP_WORDS.has(w), w);
  const both = createTokenizer({ stopWords: [...ENGLISH_STOP_WORDS, ...CHINESE_STOP_WORDS] });
  t.deepEqual(both('在 the Debian 项目中'), ['debian', '项目']);
});

test('lowercase: false keeps case', (t) => {
  t.deepEqual(createTokenizer({ lowercase: false })('Debian 和 GNU'), ['Debian', '和', 'GNU']);
});

test('a hard-wrapped fortune gives the tokens of its unwrapped text (合作\\n的人, 人身\\n攻击)', (t) => {
  const { text } = zhCorpus[0];
  t.true(text.includes('合作\n的人') && text.includes('人身\n攻击'));
  const unwrapped = text.replace(/(?<=\p{sc=Han})\n(?=\p{sc=Han})/gu, '');
  for (const lang of ['auto', 'zh'] as const) {
    const tokens = createTokenizer({ lang });
    const wrapped = tokens(text);
    t.deepEqual(wrapped, tokens(unwrapped), lang);
    // What Intl.Segmenter gives for the unwrapped 合作的人 and 人身攻击.
    t.true(wrapped.join(' ').includes('合作 的 人'), lang);
    t.true(wrapped.join(' ').includes('人身 攻击'), lang);
  }
});

test('a word split by a wrap comes out whole: 自由操\\n作系统 → 操作', (t) => {
  // Segmenting the two lines apart would give 操|作.
  for (const lang of ['auto', 'zh'] as const) {
    t.deepEqual(createTokenizer({ lang })('自由操\n作系统'), ['自由', '操作', '系统'], lang);
    t.deepEqual(createTokenizer({ lang })('自由操  \r\n  作系统'), ['自由', '操作', '系统'], lang);
  }
});

test('every hard wrap between CJK characters of the Chinese corpus is undone', (t) => {
  const tokens = createTokenizer();
  let wrapped = 0;
  for (const { text } of zhCorpus.slice(0, 400)) {
    const unwrapped = text.replace(/(?<=\p{sc=Han})[^\S\n]*\n[^\S\n]*(?=\p{sc=Han})/gu, '');
    if (unwrapped !== text) wrapped++;
    t.deepEqual(tokens(text), tokens(unwrapped));
  }
  t.true(wrapped > 50, `only ${wrapped} wrapped documents`);
});

test('a blank line is a paragraph break, not a wrap', (t) => {
  t.deepEqual(createTokenizer()('人身\n\n攻击'), createTokenizer()('人身。攻击'));
});

test('bad text is an invalid-input error', (t) => {
  const error = t.throws(() => createTokenizer()(42 as unknown as string));
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(error?.message, 'tokenize: text must be a string, got 42');
});

test('combining marks continue a word (the one difference from scikit-learn’s \\w)', (t) => {
  // scikit-learn 1.2.1 gives ['cafe', 'stanbul'] here: Python's \w excludes marks, splitting at U+0301 and
  // at the U+0307 that lower-casing İ produces.
  t.deepEqual(createTokenizer()('cafe\u0301 İstanbul'), ['cafe\u0301', 'i\u0307stanbul']);
  t.deepEqual(createTokenizer()('हिन्दी'), ['हिन्दी']);
});

test('a word needs two base characters, marks not counted, as scikit-learn’s \\w\\w+ (issue 10, item 12)', (t) => {
  // scikit-learn 1.2.1 makes no token of a + U+0301 (decomposed á), nor of क + ि (one letter, one vowel sign).
  for (const lang of ['auto', 'en', 'zh'] as const) {
    t.deepEqual(createTokenizer({ lang })('a\u0301 \u0301b ok\u0301 कि'), ['ok\u0301'], lang);
  }
  // A mark never starts a word: scikit-learn's token is the letters after it.
  t.deepEqual(createTokenizer()('\u0301ab'), ['ab']);
});

test("lang 'zh' keeps single characters for CJK only: no Latin letters or digits in data/zh.jsonl (issue 10, item 12)", (t) => {
  const terms = new Set<string>();
  const tokens = createTokenizer({ lang: 'zh', stopWords: 'zh' });
  for (const { text } of zhCorpus) for (const token of tokens(text)) terms.add(token);
  for (const single of ['i', 'v', '0', '1']) t.false(terms.has(single), single);
  const singles = [...terms].filter((w) => [...w].length === 1);
  t.true(singles.length > 100);
  t.deepEqual(
    singles.filter((w) => !/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(w)),
    [],
  );
  t.true(terms.has('的') || terms.has('人'));
  t.deepEqual(createTokenizer({ lang: 'zh' })('i v 0 1 我 v2 ab'), ['我', 'v2', 'ab']);
});

test('a text of millions of characters in one run never overflows the stack (issue 10, item 5)', (t) => {
  const han = '中文'.repeat(2_100_000);
  const ascii = `${'a'.repeat(3_000_000)}中`;
  t.deepEqual(createTokenizer({ lang: 'en' })(han), [han]);
  t.is(createTokenizer()(han).length, 2_100_000);
  t.deepEqual(createTokenizer()(ascii), ['a'.repeat(3_000_000), '中']);
  t.deepEqual(createTokenizer({ lang: 'en' })(ascii), [ascii]);
  const marks = `a${'\u0301'.repeat(1_000_000)}b`;
  t.deepEqual(createTokenizer()(marks), [marks]);
});

test('a RangeError inside tokenizing comes out as a limit RivuletError, never raw (issue 10, item 5)', (t) => {
  const original = Intl.Segmenter.prototype.segment;
  Intl.Segmenter.prototype.segment = () => {
    throw new RangeError('Maximum call stack size exceeded');
  };
  try {
    const error = t.throws(() => createTokenizer({ lang: 'zh' })('我们'));
    t.true(isRivuletError(error, 'limit'));
    t.regex(
      error?.message ?? '',
      /^tokenize: text of 2 characters could not be tokenized \(Maximum call stack/,
    );
  } finally {
    Intl.Segmenter.prototype.segment = original;
  }
});

test('format characters and white space never stay inside a segmenter word', (t) => {
  t.deepEqual(createTokenizer({ lang: 'zh' })('\uFEFFשלום\uFEFF 微信\u200D支付'), [
    'שלום',
    '微',
    '信',
    '支付',
  ]);
  // ICU joins words across U+202F (narrow no-break space, ExtendNumLet).
  t.deepEqual(createTokenizer({ lang: 'zh' })('ab\u202Fcd'), ['abcd']);
});
