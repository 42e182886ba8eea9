import { fitIncrementally, fitTransform } from '@rivulet/vectorizer';
import test from 'ava';

const docs = [
  { id: 'a', tokens: ['red', 'fox', 'red'] },
  { id: 'b', tokens: ['blue', 'fox'] },
  { id: 'c', tokens: ['red'] },
];

test('fitIncrementally gives fitTransform’s matrix, vocabulary, ids and weighting for the same documents', (t) => {
  for (const options of [undefined, { weighting: 'count' as const, minDf: 2 }]) {
    const fit = fitIncrementally(options);
    for (const doc of docs) fit.add(doc);
    t.is(fit.documents, 3);
    const got = fit.finish();
    const expected = fitTransform(docs, options);
    t.deepEqual(got.vocabulary, expected.vocabulary);
    t.deepEqual(got.ids, expected.ids);
    t.deepEqual(got.matrix.toDense().data, expected.matrix.toDense().data);
    t.deepEqual(got.fitted.toJSON(), expected.fitted.toJSON());
  }
});

test('fitIncrementally checks options at once, documents as they come, and refuses calls after finish', (t) => {
  t.throws(() => fitIncrementally({ minDf: -1 }), { message: /minDf/ });
  const fit = fitIncrementally();
  t.throws(() => fit.add({ id: 'x', tokens: 'not an array' as unknown as string[] }), { message: /tokens/ });
  fit.add(docs[0]);
  fit.finish();
  t.throws(() => fit.add(docs[1]), { message: /add\(\) after finish\(\)/ });
  t.throws(() => fit.finish(), { message: /finish\(\) after finish\(\)/ });
});

test('fitIncrementally with no documents is an empty-input error at finish', (t) => {
  t.throws(() => fitIncrementally().finish(), { message: /no documents/ });
});
