import { type Document, isRivuletError, RivuletError, type SpanTokenizer } from '@rivulet/core';
import { spaceWords } from '@rivulet/testing';
import { fitIncrementally, fitSpans, fitTransform } from '@rivulet/vectorizer';
import test from 'ava';
import { lastValueFrom, of, Subject } from 'rxjs';

/** Words between spaces, handed over as spans (no hash): a third party's span tokenizer. */
const words = spaceWords;

const texts = [
  { id: 'a', text: 'red fox red' },
  { id: 'b', text: 'blue fox  constructor' },
  { id: 'c', text: '' },
  { id: 'd', text: '__proto__ red' },
];
const tokenized = texts.map((d) => ({ id: d.id, tokens: d.text.split(' ').filter(Boolean) }));

test('fitSpans gives the matrix, vocabulary, ids and weighting of vectorize over the same tokens', async (t) => {
  for (const options of [undefined, { weighting: 'count' as const }, { minDf: 2, norm: 'l1' as const }]) {
    const got = await lastValueFrom(fitSpans(of(...texts), words, options));
    const expected = fitTransform(tokenized, options);
    t.deepEqual(got.vocabulary, expected.vocabulary);
    t.deepEqual(got.ids, expected.ids);
    t.deepEqual([...got.matrix.indptr], [...expected.matrix.indptr]);
    t.deepEqual([...got.matrix.indices], [...expected.matrix.indices]);
    t.deepEqual([...got.matrix.data], [...expected.matrix.data]);
    t.deepEqual(got.fitted.toJSON(), expected.fitted.toJSON());
  }
});

test('fitSpans: options, the tokenizer’s errors and an empty source arrive through the error channel', async (t) => {
  const bad = fitSpans(of(...texts), words, { minDf: -1 });
  await t.throwsAsync(lastValueFrom(bad), { message: /minDf/ });
  const refusing: SpanTokenizer = (_doc, index) => {
    throw new RivuletError('invalid-input', 'tokenize', `document ${index} refused`);
  };
  const error = await t.throwsAsync(lastValueFrom(fitSpans(of(...texts), refusing)));
  t.true(isRivuletError(error) && error.message === 'tokenize: document 0 refused');
  await t.throwsAsync(lastValueFrom(fitSpans(of(), words)), { message: /no documents/ });
});

test('fitSpans counts documents as they arrive, and each subscription fits afresh', async (t) => {
  const source = new Subject<Document>();
  let seen = 0;
  const counting: SpanTokenizer = (doc, index, sink) => {
    seen = index + 1;
    return words(doc, index, sink);
  };
  const result = lastValueFrom(fitSpans(source, counting, { weighting: 'count' }));
  source.next(texts[0]);
  source.next(texts[1]);
  t.is(seen, 2);
  source.complete();
  t.is((await result).matrix.rows, 2);
  const twice = fitSpans(of(...texts), words);
  t.deepEqual((await lastValueFrom(twice)).ids, (await lastValueFrom(twice)).ids);
});

test('IncrementalFit.addSpans mixes with add and is refused after finish', (t) => {
  const fit = fitIncrementally({ weighting: 'count' });
  fit.addSpans(texts[0], words);
  fit.add(tokenized[1]);
  t.deepEqual(
    fit.finish().matrix.toDense().data,
    fitTransform(tokenized.slice(0, 2), { weighting: 'count' }).matrix.toDense().data,
  );
  t.throws(() => fit.addSpans(texts[2], words), { message: /addSpans\(\) after finish\(\)/ });
});
