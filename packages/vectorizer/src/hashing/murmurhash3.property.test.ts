import test from 'ava';
import fc from 'fast-check';
import { firstValueFrom, of } from 'rxjs';
import { hashingVectorize, murmurhash3 } from './index.js';

test('murmurhash3 is a signed 32-bit integer for any Unicode string, and a function of its UTF-8 bytes', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const h = murmurhash3(s);
      return Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31 && h === murmurhash3(`${s}`);
    }),
  );
  // Lone surrogates are encoded as U+FFFD by UTF-8, as Python's encoder would refuse them; equal bytes, equal hash.
  t.is(murmurhash3('\ud800'), murmurhash3('\ufffd'));
});

test('every bucket is in [0, nFeatures) and l2 rows have unit norm, for any tokens', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }),
      fc.integer({ min: 1, max: 64 }),
      async (tokens, nFeatures) => {
        const m = await firstValueFrom(
          of([{ id: 'x', tokens }]).pipe(hashingVectorize({ nFeatures, alternateSign: false })),
        );
        const inRange = Array.from(m.matrix.indices).every((j) => j >= 0 && j < nFeatures);
        const norm = Math.hypot(...m.matrix.data);
        return inRange && (tokens.length === 0 ? norm === 0 : Math.abs(norm - 1) < 1e-12);
      },
    ),
  );
  t.pass();
});
