import test from 'ava';
import fc from 'fast-check';
import { createTokenizer } from './index.js';

const tokenizers = (['auto', 'en', 'zh'] as const).map((lang) => ({
  lang,
  tokens: createTokenizer({ lang, dictionary: lang === 'en' ? [] : ['微信', 'ab'], chunkSize: 64 }),
}));

/** Strings mixing the troublesome parts of Unicode: surrogates alone, marks, RTL, emoji, controls, CJK. */
const piece = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\uD800',
    '\uDC00',
    '\u0301',
    '\u200F',
    'שלום',
    'مرحبا',
    '👩‍👩‍👧',
    '🇨🇳',
    '\u0000',
    '\u001B[0m',
    '\n',
    '\r\n',
    '微信',
    '合作\n的人',
    '𠀀𠀁',
    'ー',
    'カタカナ',
    '。',
    '\uFEFF',
  ),
);
function codePoints(s: string): string {
  return [...s].map((c) => (c.codePointAt(0) as number).toString(16)).join(' ');
}

const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

test('property: never throws on arbitrary Unicode and never emits white space or punctuation alone', (t) => {
  let runs = 0;
  fc.assert(
    fc.property(text, (s) => {
      runs++;
      for (const { lang, tokens } of tokenizers) {
        for (const token of tokens(s)) {
          if (token.length === 0 || /\s/u.test(token) || !/[\p{L}\p{N}\p{M}_]/u.test(token)) {
            throw new Error(`${lang}: token ${codePoints(token)} from ${codePoints(s)}`);
          }
        }
      }
    }),
    { numRuns: 2000 },
  );
  t.log(`${runs} generated texts, each tokenized in 3 languages`);
  t.true(runs >= 2000);
});

test('property: words of the en rule are maximal runs of word characters from a base character, with ≥ 2 bases', (t) => {
  fc.assert(
    fc.property(text, (s) => {
      const expected = (s.toLowerCase().match(/[\p{L}\p{N}_][\p{L}\p{N}\p{M}_]*/gu) ?? []).filter(
        (w) => (w.match(/[\p{L}\p{N}_]/gu) ?? []).length >= 2,
      );
      const got = tokenizers[1].tokens(s);
      if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(JSON.stringify(s));
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('a 1 MB line without a break, in every script, is tokenized in pieces', (t) => {
  const han = '微信支付接口稳定需要我们'.repeat(90_000);
  t.true(han.length > 1_000_000);
  const zh = createTokenizer({ lang: 'zh' })(han);
  t.true(zh.length > 400_000);
  t.true(zh.every((w) => /^\p{sc=Han}+$/u.test(w)));
  const auto = createTokenizer()(han);
  t.is(auto.length, zh.length);
  const latin = 'abc '.repeat(262_144);
  t.is(createTokenizer()(latin).length, 262_144);
  const astral = '𠀀'.repeat(600_000);
  t.true(createTokenizer({ lang: 'zh', chunkSize: 101 })(astral).every((w) => /^(?:𠀀)+$/u.test(w)));
  t.is(createTokenizer()('a'.repeat(1_048_576)).length, 1);
});

/** Calls `run` with every string given to `Intl.Segmenter.prototype.segment` recorded. */
function segmented(run: () => void): string[] {
  const pieces: string[] = [];
  const original = Intl.Segmenter.prototype.segment;
  Intl.Segmenter.prototype.segment = function (this: Intl.Segmenter, input: string) {
    pieces.push(input);
    return original.call(this, input);
  };
  try {
    run();
  } finally {
    Intl.Segmenter.prototype.segment = original;
  }
  return pieces;
}

test('the segmenter only ever sees pieces of at most chunkSize, which cover the text once', (t) => {
  const han = '微信支付接口稳定需要我们'.repeat(90_000);
  const prose = '请接受这一事实，并保持礼貌。意见不一致并不是糟糕举止或者人身攻击的借口！\n'.repeat(5_000);
  for (const [text, chunkSize] of [
    [han, 4096],
    [prose, 4096],
    [prose, 64],
  ] as const) {
    const pieces = segmented(() => createTokenizer({ lang: 'zh', chunkSize })(text));
    t.true(Math.max(...pieces.map((p) => p.length)) <= chunkSize);
    t.is(pieces.join(''), text);
    // Cuts fall at sentence ends whenever the window has one.
    if (text === prose) t.true(pieces.slice(0, -1).every((p) => /[。！\n]$/u.test(p)));
  }
  const auto = segmented(() => createTokenizer({ chunkSize: 1000 })(`Intro ${han} outro`));
  t.true(Math.max(...auto.map((p) => p.length)) <= 1000);
  t.is(auto.join(''), han);
});

test("lang 'en' never calls the segmenter", (t) => {
  t.deepEqual(
    segmented(() => createTokenizer({ lang: 'en' })('我们需要稳定的微信支付接口 and more')),
    [],
  );
});
