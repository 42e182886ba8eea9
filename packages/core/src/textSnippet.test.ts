import test from 'ava';
import fc from 'fast-check';
import { textSnippet } from './index.js';

test('textSnippet collapses white space, cuts by code points and marks a cut', (t) => {
  t.is(textSnippet('A  fox\njumps over the dog', 11), 'A fox jumps…');
  t.is(textSnippet('  short\t', 200), 'short');
  t.is(textSnippet('微信😀支付', 3), '微信😀…');
  t.is(textSnippet('exactly', 7), 'exactly');
  t.is(textSnippet('', 5), '');
});

/** The definition, on the whole text: what the bounded textSnippet must return. */
function reference(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const points = Array.from(flat);
  return points.length <= length ? flat : `${points.slice(0, length).join('')}…`;
}

test('textSnippet in one pass gives what flattening the whole text gives (property)', (t) => {
  // Long white-space runs, surrogate pairs and lone surrogates at the cut, CJK, Unicode white space
  // (NBSP, ideographic space, BOM).
  const piece = fc.constantFrom(
    'a',
    'word ',
    ' ',
    '\n\n',
    '\t',
    '\u00a0',
    '\u3000',
    '\ufeff',
    '😀',
    '\ud83d',
    '微',
    ' '.repeat(300),
    'x'.repeat(150),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 0, max: 250 }), (pieces, length) => {
      const text = pieces.join('');
      return textSnippet(text, length) === reference(text, length);
    }),
    { numRuns: 2000 },
  );
  const long = `${'lorem ipsum '.repeat(500_000)}end`;
  t.is(textSnippet(long, 200), reference(long, 200));
  t.is(textSnippet(`${' \n'.repeat(100_000)}late start`, 5), 'late …');
});

test('textSnippet treats as white space exactly what \\s matches, every character of the BMP', (t) => {
  const wrong: string[] = [];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const text of [`a${ch}${ch}b`, `${ch}a${ch}`, `ab${ch}`]) {
      if (textSnippet(text, 2) !== reference(text, 2)) wrong.push(c.toString(16));
    }
  }
  t.deepEqual(wrong, []);
});
