import { deepStrictEqual } from 'node:assert';
import { Readable } from 'node:stream';
import test from 'ava';
import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { fromReadable } from './index.js';

test('lines survive any cut of the bytes into chunks, multi-byte characters included', async (t) => {
  await t.notThrowsAsync(
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 8 }),
        fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 8, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (lines, endings, cuts) => {
          const clean = lines.map((l) => l.replace(/[\r\n\ufeff]/g, ' '));
          const text = clean.map((l, i) => l + endings[i]).join('');
          const bytes = Buffer.from(text, 'utf8');
          const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort(
            (a, b) => a - b,
          );
          const chunks: Buffer[] = [];
          let start = 0;
          for (const p of [...points, bytes.length]) {
            if (p > start) chunks.push(bytes.subarray(start, p));
            start = Math.max(start, p);
          }
          const docs = await lastValueFrom(fromReadable(Readable.from(chunks)).pipe(toArray()));
          const expected = clean
            .map((l, i) => ({ id: String(i + 1), text: l }))
            .filter((d) => d.text.trim().length > 0);
          deepStrictEqual(docs, expected);
        },
      ),
    ),
  );
});
