import { invalidOption, isRivuletError } from '@rivulet/core';
import test from 'ava';
import { from, lastValueFrom, toArray } from 'rxjs';
import {
  createTokenizer,
  isSegmentWord,
  type Segmentation,
  type SharedTokenizerOptions,
  type SharedTokenizerSettings,
  tokenize,
} from './index.js';

interface CharOptions extends SharedTokenizerOptions {
  readonly skip?: string;
}

/** Every CJK character a word, except `skip`; dictionary words are kept whole by a greedy scan. */
const chars: Segmentation<CharOptions> = {
  stage: 'tokenize-chars',
  segmenterName: 'single characters',
  options: ['skip'],
  create(options, shared: SharedTokenizerSettings) {
    if (options.skip !== undefined && typeof options.skip !== 'string')
      invalidOption(shared.stage, 'skip', 'a string', options.skip);
    const words = [...(shared.dictionary ?? [])];
    return (text, out) => {
      for (let i = 0; i < text.length; ) {
        const word = words.find((w) => text.startsWith(w, i));
        const c = word ?? String.fromCodePoint(text.codePointAt(i) as number);
        if (c !== options.skip && isSegmentWord(c)) out.push(c);
        i += c.length;
      }
    };
  },
};

test('a segmentation replaces Intl.Segmenter for CJK text and keeps every other rule', (t) => {
  const words = createTokenizer(
    { stopWords: ['支'], ngram: [1, 2], dictionary: ['微信'], skip: '付' },
    chars,
  );
  // Hard wrap undone, English by the word pattern, the dictionary given to the segmenter, then stop
  // words and n-grams.
  t.deepEqual(words('Pay 微信\n支付！OK'), ['pay', '微信', 'ok', 'pay 微信', '微信 ok']);
});

test('the stream operator takes the segmentation too, and lang zh gives it the whole text', async (t) => {
  const docs = await lastValueFrom(
    from([{ id: 'a', text: '明月 ab' }]).pipe(tokenize({ lang: 'zh', dictionary: ['ab'] }, chars), toArray()),
  );
  // Single Latin letters are no words (isSegmentWord); the dictionary word ab is.
  t.deepEqual(docs, [{ id: 'a', tokens: ['明', '月', 'ab'] }]);
});

test('errors name the segmentation stage; its options are known, the ICU chunkSize is not', (t) => {
  const unknown = t.throws(() => createTokenizer({ chunkSize: 64 } as CharOptions, chars));
  t.true(isRivuletError(unknown, 'invalid-option'));
  t.is(
    unknown?.message,
    'tokenize-chars: unknown option "chunkSize"; known options: lang, lowercase, stopWords, ngram, dictionary, skip',
  );
  t.is(
    t.throws(() => createTokenizer({ skip: 1 } as unknown as CharOptions, chars))?.message,
    'tokenize-chars: skip must be a string, got 1',
  );
  t.is(
    t.throws(() => createTokenizer({ lang: 'en', dictionary: ['微信'] }, chars))?.message,
    'tokenize-chars: dictionary applies to text split by single characters, which lang "en" never uses; use lang "auto" or "zh", got lang "en" with 1 dictionary words',
  );
  t.is(
    t.throws(() => createTokenizer({}, chars)(7 as unknown as string))?.message,
    'tokenize-chars: text must be a string, got 7',
  );
});
