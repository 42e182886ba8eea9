import { readFileSync } from 'node:fs';
import test from 'ava';
import { createTokenizer, ENGLISH_STOP_WORDS } from './index.js';

interface StopWordsFixture {
  readonly source: string;
  readonly words: string[];
}
const reference: StopWordsFixture = JSON.parse(
  readFileSync(new URL('../fixtures/english-stop-words.json', import.meta.url), 'utf8'),
);

test("ENGLISH_STOP_WORDS is the same set as scikit-learn 1.2's ENGLISH_STOP_WORDS", (t) => {
  t.regex(reference.source, /^scikit-learn 1\.2/);
  const missing = reference.words.filter((w) => !ENGLISH_STOP_WORDS.has(w));
  const extra = [...ENGLISH_STOP_WORDS].filter((w) => !reference.words.includes(w));
  t.deepEqual({ missing, extra }, { missing: [], extra: [] });
  t.is(ENGLISH_STOP_WORDS.size, 318);
});

test("stopWords: 'en' drops the Glasgow list's words and keeps the ones scikit-learn keeps", (t) => {
  const tokens = createTokenizer({ stopWords: 'en' });
  t.deepEqual(tokens('We found the system empty, but it does just work'), ['does', 'just', 'work']);
});
