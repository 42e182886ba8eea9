import test from 'ava';
import { segmentChinese } from './segmentChinese.js';

function segment(text: string, chunkSize: number): string[] {
  const out: string[] = [];
  segmentChinese(text, { dictionary: null, dictionaryMaxLength: 0, chunkSize }, out);
  return out;
}

test('cutting at sentence ends gives the same words as segmenting at once', (t) => {
  const sentence = '请接受这一事实，并保持礼貌。意见不一致并不是糟糕举止或者人身攻击的借口！';
  const text = sentence.repeat(60);
  t.true(text.length > 2000);
  const whole = segment(text, 32768);
  t.deepEqual(segment(text, 64), whole);
  t.deepEqual(segment(text, 200), whole);
});

test('a text without punctuation is cut at the chunk size, never inside a surrogate pair', (t) => {
  const astral = '𠀀'.repeat(500);
  const words = segment(astral, 65);
  t.is(words.join(''), astral);
  t.true(words.every((w) => /^(?:𠀀)+$/u.test(w)));
});

test('a dictionary word is merged only from adjacent segments', (t) => {
  const out: string[] = [];
  segmentChinese(
    '微信，微信',
    { dictionary: new Set(['微信', '信微']), dictionaryMaxLength: 2, chunkSize: 4096 },
    out,
  );
  t.deepEqual(out, ['微信', '微信']);
});
