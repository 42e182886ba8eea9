import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Document, isRivuletError } from '@rivulet/core';
import { createTokenizer, isSegmentWord } from '@rivulet/tokenizer';
import test from 'ava';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { createJiebaTokenizer, type JiebaTokenizerOptions, tokenizeJieba } from './index.js';
import { USER_WORD_FREQUENCY } from './jiebaInstance.js';

test('technical words stay whole: 客户端 and 开源 by jieba’s dictionary, 守护进程 as 守护 + 进程', (t) => {
  const words = createJiebaTokenizer();
  t.deepEqual(words('启动守护进程与客户端，开源软件'), [
    '启动',
    '守护',
    '进程',
    '与',
    '客户端',
    '开源',
    '软件',
  ]);
  t.deepEqual(words('我们需要稳定的微信支付接口'), ['我们', '需要', '稳定', '的', '微信', '支付', '接口']);
});

test('a user dictionary keeps its words whole, and only in the tokenizer given it', (t) => {
  const plain = createJiebaTokenizer();
  const withDaemon = createJiebaTokenizer({ dictionary: ['守护进程', 'Rivulet流'] });
  t.deepEqual(withDaemon('启动守护进程与客户端'), ['启动', '守护进程', '与', '客户端']);
  // Lower-cased like the text, so a mixed-case entry still matches in lang zh.
  t.deepEqual(createJiebaTokenizer({ lang: 'zh', dictionary: ['Rivulet流'] })('用Rivulet流处理'), [
    '用',
    'rivulet流',
    '处理',
  ]);
  t.deepEqual(plain('启动守护进程'), ['启动', '守护', '进程']);
  t.deepEqual(createJiebaTokenizer({ dictionary: ['进程与'] })('启动守护进程与客户端'), [
    '启动',
    '守护',
    '进程与',
    '客户端',
  ]);
});

test('the shared options mean what they mean in @rivulet/tokenizer', (t) => {
  const options = { stopWords: ['的', 'panic'], ngram: [1, 2] } as const;
  const jieba = createJiebaTokenizer(options);
  const icu = createTokenizer(options);
  // Non-CJK text takes the default word rule, so text without Chinese gives identical tokens.
  const english = "Don't panic: it's 42, THE Answer.";
  t.deepEqual(jieba(english), icu(english));
  t.deepEqual(jieba('稳定的接口 API'), ['稳定', '接口', 'api', '稳定 接口', '接口 api']);
  // Hard wraps inside a word are undone before segmenting; lowercase false keeps case.
  t.deepEqual(createJiebaTokenizer({ lowercase: false })('或者难以合\n作的 Debian'), [
    '或者',
    '难以',
    '合作',
    '的',
    'Debian',
  ]);
  // lang en never segments: a Han run is one token, as in scikit-learn.
  t.deepEqual(createJiebaTokenizer({ lang: 'en' })('客户端 API'), ['客户端', 'api']);
});

test('hmm false leaves words jieba’s dictionary lacks to single characters', (t) => {
  t.deepEqual(createJiebaTokenizer({ hmm: false })('微信支付'), ['微', '信', '支付']);
  t.deepEqual(createJiebaTokenizer({ hmm: true })('微信支付'), ['微信', '支付']);
});

const bad: [unknown, string][] = [
  [{ hmm: 'yes' }, 'tokenize-jieba: hmm must be true or false, got "yes"'],
  [
    { chunkSize: 4096 },
    'tokenize-jieba: unknown option "chunkSize"; known options: lang, lowercase, stopWords, ngram, dictionary, hmm',
  ],
  [{ ngram: [2, 1] }, 'tokenize-jieba: ngram[1] must be an integer in [ngram[0], ∞) = [2, ∞), got 1'],
  [
    { lang: 'en', dictionary: ['守护进程'] },
    'tokenize-jieba: dictionary applies to text split by jieba, which lang "en" never uses; use lang "auto" or "zh", got lang "en" with 1 dictionary words',
  ],
];

for (const [options, message] of bad) {
  test(`rejects ${JSON.stringify(options)}`, (t) => {
    const error = t.throws(() => createJiebaTokenizer(options as JiebaTokenizerOptions));
    t.true(isRivuletError(error, 'invalid-option'));
    t.is(error?.message, message);
  });
}

test('the operator tokenizes a stream in order and sends bad input down the error channel', async (t) => {
  const docs = [
    { id: 'a', text: '开源的客户端' },
    { id: 'b', tokens: ['Already', '分好'] },
  ];
  t.deepEqual(await lastValueFrom(from(docs).pipe(tokenizeJieba({ stopWords: 'zh' }), toArray())), [
    { id: 'a', tokens: ['开源', '客户端'] },
    { id: 'b', tokens: ['already', '分好'] },
  ]);
  const error = await t.throwsAsync(
    lastValueFrom(from([{ id: 'x', text: 3 } as unknown as Document]).pipe(tokenizeJieba())),
  );
  t.true(isRivuletError(error, 'invalid-input'));
  t.is(
    error?.message,
    'tokenize-jieba: document 0 (id "x") needs a string text or an array tokens, got text 3 and tokens undefined',
  );
});

test('user words get the highest frequency of the dictionary that ships with @node-rs/jieba', (t) => {
  const dictPath = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
  let max = 0;
  for (const line of readFileSync(dictPath, 'utf8').split('\n'))
    max = Math.max(max, Number(line.split(' ')[1]) || 0);
  t.is(USER_WORD_FREQUENCY, max);
});

test('property: never throws on arbitrary Unicode; jieba’s tokens are segment words without space', (t) => {
  // lang zh: every token comes from jieba. auto: the word rule's tokens too (which may be marks alone).
  const zh = createJiebaTokenizer({ lang: 'zh', dictionary: ['微信'] });
  const auto = createJiebaTokenizer();
  const text = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc
      .array(
        fc.constantFrom(
          '微信',
          '\uD800',
          '\u0301',
          '\n',
          '👩‍👩‍👧',
          '𠀀',
          'カタカナ',
          '。',
          '\uFEFF',
          'ab',
          ' ',
        ),
        {
          maxLength: 20,
        },
      )
      .map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(text, (s) => {
      for (const token of zh(s)) if (!isSegmentWord(token) || /\s/u.test(token)) return false;
      for (const token of auto(s)) if (token === '' || /\s/u.test(token)) return false;
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass();
});
