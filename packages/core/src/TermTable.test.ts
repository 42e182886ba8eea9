import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import test from 'ava';
import fc from 'fast-check';
import { grow, HASH_SEED, hashFinish, hashStep, isRivuletError, TermTable } from './index.js';

test('TermTable numbers spans in order of first appearance and finds them without adding', (t) => {
  const table = new TermTable();
  t.is(table.add('red fox', 0, 3), 0);
  t.is(table.add('fox', 0, 3), 1);
  t.is(table.add('the red hen', 4, 7), 0);
  t.is(table.find('a fox', 2, 5), 1);
  t.is(table.find('hen', 0, 3), -1);
  t.is(table.size, 2);
  t.deepEqual(table.terms, ['red', 'fox']);
  // A term is its characters: a prefix, an empty span and astral characters are terms of their own.
  t.is(table.add('re', 0, 2), 2);
  t.is(table.add('', 0, 0), 3);
  t.is(table.add('x😀', 1, 3), 4);
  t.is(table.find('😀', 0, 2), 4);
  t.is(TermTable.of(['b', 'a', 'b']).find('a', 0, 1), 1);
});

test('TermTable agrees with a Map over many terms, through growth', (t) => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 6, unit: 'grapheme' }), { maxLength: 400 }), (words) => {
      const table = new TermTable();
      const map = new Map<string, number>();
      const text = words.join(' ');
      let at = 0;
      for (const word of words) {
        if (!map.has(word)) map.set(word, map.size);
        if (table.add(text, at, at + word.length) !== map.get(word)) return false;
        at += word.length + 1;
      }
      return [...map].every(
        ([word, id]) => table.find(word, 0, word.length) === id && table.terms[id] === word,
      );
    }),
  );
  const many = new TermTable();
  for (let i = 0; i < 50_000; i++) many.add(`w${i}`, 0, `w${i}`.length);
  t.is(many.size, 50_000);
  t.is(many.find('w49999', 0, 6), 49_999);
  t.is(many.find('w50000', 0, 6), -1);
});

test('TermTable.hash is HASH_SEED, hashStep per code unit, hashFinish; a wrong hash given is refused', (t) => {
  const text = 'a café 😀';
  let h = HASH_SEED;
  for (let i = 2; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  const hash = hashFinish(h);
  t.is(hash, TermTable.hash(text, 2, text.length));
  t.true(hash >= 0 && hash < 2 ** 30);
  const table = new TermTable();
  t.is(table.add(text, 2, text.length, hash), 0);
  t.is(table.find(text, 2, text.length, hash), 0);
  const error = t.throws(() => table.add(text, 0, 1, hash + 1));
  t.true(isRivuletError(error) && error.kind === 'invalid-input');
  t.regex(
    error?.message ?? '',
    /TermTable: hash of "a" must be TermTable\.hash\(text, 0, 1\) = \d+, got \d+/,
  );
  t.is(table.size, 1);
});

test('grow keeps the contents and at least doubles', (t) => {
  const grown = grow(Int32Array.of(1, 2), 3);
  t.deepEqual([...grown], [1, 2, 0, 0]);
  t.is(grow(new Uint16Array(4), 100).length, 128);
});

test('a term cut out of a long text does not keep the text alive', (t) => {
  // Measured through the heap after a full collection: 40 documents of 1 MB, one long term from each.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const table = new TermTable();
  gc();
  const before = getHeapStatistics().used_heap_size;
  for (let d = 0; d < 40; d++) {
    const text = `${String(d).padStart(4, '0')}${'abcdefghijklmnop'.repeat(1 << 16)}`;
    table.add(text, 0, 40);
  }
  gc();
  const grown = getHeapStatistics().used_heap_size - before;
  t.is(table.size, 40);
  t.is(table.terms[7], `0007${'abcdefghijklmnop'.repeat(2)}abcd`);
  t.true(
    grown < 8 * 2 ** 20,
    `heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB for 40 terms of 40 characters`,
  );
});
