import test from 'ava';
import fc from 'fast-check';
import { compareCodePoints, sortByCodePoint } from './index.js';

test('orders non-BMP code points after U+E000–U+FFFF, as Python sorted() does', (t) => {
  // Written as escapes: an editor's NFC normalisation would turn U+F900 into U+8C48.
  const [nonBmp, compatIdeograph, ligature] = ['\u{20000}', '\uf900', '\ufb00'];
  // Python: sorted(['\U00020000', '\uf900', '\ufb00', 'a']) == ['a', '\uf900', '\ufb00', '\U00020000']
  t.deepEqual(sortByCodePoint([nonBmp, compatIdeograph, ligature, 'a']), [
    'a',
    compatIdeograph,
    ligature,
    nonBmp,
  ]);
  // JavaScript's own sort compares UTF-16 units and puts the surrogate pair first.
  t.deepEqual([nonBmp, compatIdeograph, ligature, 'a'].sort(), ['a', nonBmp, compatIdeograph, ligature]);
  t.deepEqual(sortByCodePoint(['b', 'ab', 'a', '']), ['', 'a', 'ab', 'b']);
});

test('agrees with comparing code point sequences (property)', (t) => {
  const byCodePoints = (a: string, b: string) => {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  const unicode = fc.string({ unit: 'binary', maxLength: 6 });
  fc.assert(
    fc.property(
      unicode,
      unicode,
      (a, b) => Math.sign(compareCodePoints(a, b)) === Math.sign(byCodePoints(a, b)),
    ),
    { numRuns: 2000 },
  );
  t.pass();
});
