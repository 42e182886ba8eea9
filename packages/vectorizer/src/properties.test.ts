import type { TokenizedDocument } from '@rivulet/core';
import test from 'ava';
import fc from 'fast-check';
import { fitTransform } from './index.js';

const corpus = fc
  .array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'ﬀ', '𠀀', 'longer', 'x y'), { maxLength: 12 }), {
    minLength: 1,
    maxLength: 15,
  })
  .filter((docs) => docs.some((tokens) => tokens.length > 0))
  .map((docs): TokenizedDocument[] => docs.map((tokens, i) => ({ id: `d${i}`, tokens })));

test('every row of an l2-normalised TF-IDF matrix has norm 1 or 0 (property)', (t) => {
  fc.assert(
    fc.property(corpus, fc.boolean(), fc.boolean(), (docs, smoothIdf, sublinearTf) => {
      const { matrix } = fitTransform(docs, { smoothIdf, sublinearTf });
      for (let i = 0; i < matrix.rows; i++) {
        const { values } = matrix.row(i);
        let sum = 0;
        for (const v of values) sum += v * v;
        const expected = docs[i].tokens.length === 0 ? 0 : 1;
        if (Math.abs(Math.sqrt(sum) - expected) > 1e-12) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('count weighting without pruning sums each row to its token count (property)', (t) => {
  fc.assert(
    fc.property(corpus, (docs) => {
      const { matrix, vocabulary } = fitTransform(docs, { weighting: 'count' });
      matrix.check();
      if (new Set(docs.flatMap((d) => d.tokens)).size !== vocabulary.length) return false;
      for (let i = 0; i < matrix.rows; i++) {
        let sum = 0;
        for (const v of matrix.row(i).values) sum += v;
        if (sum !== docs[i].tokens.length) return false;
      }
      return true;
    }),
  );
  t.pass();
});
