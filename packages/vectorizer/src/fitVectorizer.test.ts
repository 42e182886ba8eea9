import { readFileSync } from 'node:fs';
import { isRivuletError, type TokenizedDocument } from '@rivulet/core';
import test from 'ava';
import { FittedVectorizer, fitTransform, fitVectorizer, type VectorizerOptions } from './index.js';

interface Case {
  readonly name: string;
  readonly corpus: 'en' | 'zh';
  readonly options: VectorizerOptions;
  readonly vocabulary: string[];
  readonly indptr: number[];
  readonly indices: number[];
  readonly data: number[];
  readonly idf?: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tfidf.json', import.meta.url), 'utf8')) as {
  corpora: Record<'en' | 'zh', TokenizedDocument[]>;
  cases: Case[];
};

const close = (actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-12) => {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++)
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) return false;
  return true;
};

for (const c of fixture.cases) {
  test(`equals scikit-learn 1.2 on ${c.corpus} documents: ${c.name} ${JSON.stringify(c.options)}`, (t) => {
    const docs = fixture.corpora[c.corpus];
    const out = fitTransform(docs, c.options);
    t.deepEqual(out.vocabulary, c.vocabulary);
    t.deepEqual(
      out.ids,
      docs.map((d) => d.id),
    );
    t.deepEqual(Array.from(out.matrix.indptr), c.indptr);
    t.deepEqual(Array.from(out.matrix.indices), c.indices);
    t.true(close(out.matrix.data, c.data), 'values within 1e-12');
    if (c.idf) t.true(close(out.weighting.idf!, c.idf), 'idf within 1e-12');
    else t.is(out.weighting.idf, undefined);
    out.matrix.check();
  });
}

test('transforming the fitted documents reproduces the fitted matrix', (t) => {
  for (const options of [{}, { minDf: 2, maxDf: 0.9 }, { weighting: 'binary' }] as VectorizerOptions[]) {
    const docs = fixture.corpora.en;
    const fit = fitTransform(docs, options);
    const again = fit.fitted.transform(docs);
    t.deepEqual(again.matrix, fit.matrix);
    t.deepEqual(again.ids, fit.ids);
  }
});

test('vocabulary is in code-point order, as Python sorted(), also outside the BMP', (t) => {
  const terms = ['\u{20000}', '\ufb00', '\uf900', 'z', '\u00e9', '\u{1f600}', 'zz'];
  const fitted = fitVectorizer([{ id: 'a', tokens: terms }]);
  // Python: sorted(['\U00020000', '\ufb00', '\uf900', 'z', '\xe9', '\U0001f600', 'zz'])
  t.deepEqual(fitted.vocabulary, ['z', 'zz', '\u00e9', '\uf900', '\ufb00', '\u{1f600}', '\u{20000}']);
  const zh = fixture.cases.find((c) => c.corpus === 'zh' && c.name === 'count')!;
  t.deepEqual(zh.vocabulary.slice(-3), ['\uf900', '\ufb00', '\u{20000}']);
});

test('terms unseen at fit time are ignored by transform', (t) => {
  const fitted = fitVectorizer(
    [
      { id: 'a', tokens: ['red', 'fox'] },
      { id: 'b', tokens: ['red', 'hen'] },
    ],
    { weighting: 'count' },
  );
  const out = fitted.transform([
    { id: 'c', tokens: ['owl', 'fox', 'fox'] },
    { id: 'd', tokens: ['owl'] },
  ]);
  t.deepEqual(out.matrix.toDense().data, Float64Array.from([2, 0, 0, 0, 0, 0]));
  t.deepEqual(out.ids, ['c', 'd']);
});

test('an integer df bound is a count and a fraction a proportion; { proportion: 1 } is the default maxDf', (t) => {
  const docs: TokenizedDocument[] = [
    { id: 'a', tokens: ['x', 'y'] },
    { id: 'b', tokens: ['x', 'z'] },
    { id: 'c', tokens: ['x'] },
  ];
  t.deepEqual(fitVectorizer(docs).vocabulary, ['x', 'y', 'z']);
  t.deepEqual(fitVectorizer(docs, { maxDf: { proportion: 1 } }).vocabulary, ['x', 'y', 'z']);
  // 1 (= 1.0 in JavaScript) is the count 1: terms in more than one document go.
  t.deepEqual(fitVectorizer(docs, { maxDf: 1 }).vocabulary, ['y', 'z']);
  t.deepEqual(fitVectorizer(docs, { maxDf: 0.5 }).vocabulary, ['y', 'z']);
  t.deepEqual(fitVectorizer(docs, { minDf: 2 }).vocabulary, ['x']);
  t.deepEqual(fitVectorizer(docs, { minDf: { count: 2 } }).vocabulary, ['x']);
  t.deepEqual(fitVectorizer(docs, { minDf: 0.5 }).vocabulary, ['x']);
  t.deepEqual(fitVectorizer(docs, { minDf: { proportion: 0.3 } }).vocabulary, ['x', 'y', 'z']);
  t.deepEqual(fitVectorizer(docs).options, {
    weighting: 'tfidf',
    minDf: { count: 1 },
    maxDf: { proportion: 1 },
    maxFeatures: null,
    norm: 'l2',
    smoothIdf: true,
    sublinearTf: false,
  });
});

test("a fitted vectorizer's resolved options refit to the same result", (t) => {
  for (const options of [
    { weighting: 'count', maxDf: 0.8 },
    { sublinearTf: true, minDf: 2 },
  ] as VectorizerOptions[]) {
    const first = fitTransform(fixture.corpora.en, options);
    const again = fitTransform(fixture.corpora.en, first.fitted.options);
    t.deepEqual(again.matrix, first.matrix);
    t.deepEqual(again.vocabulary, first.vocabulary);
  }
});

test('duplicate ids are allowed: rows follow the input', (t) => {
  const out = fitTransform([
    { id: 'same', tokens: ['a'] },
    { id: 'same', tokens: ['b'] },
  ]);
  t.deepEqual(out.ids, ['same', 'same']);
  t.is(out.matrix.rows, 2);
});

test('a document without tokens is an empty row, not an error', (t) => {
  const out = fitTransform(
    [
      { id: 'a', tokens: ['x'] },
      { id: 'b', tokens: [] },
    ],
    { weighting: 'tfidf' },
  );
  t.deepEqual(Array.from(out.matrix.indptr), [0, 1, 1]);
});

test('round-trips through JSON and transforms identically afterwards', (t) => {
  for (const options of [
    { sublinearTf: true, smoothIdf: false, norm: 'l1', minDf: 0.1, maxDf: { proportion: 1 } },
    { weighting: 'count', maxFeatures: 20 },
    { weighting: 'binary', norm: 'l2' },
  ] as VectorizerOptions[]) {
    const fitted = fitVectorizer(fixture.corpora.en, options);
    const restored = FittedVectorizer.fromJSON(JSON.parse(JSON.stringify(fitted)));
    t.deepEqual(restored.vocabulary, fitted.vocabulary);
    t.deepEqual(restored.weighting, fitted.weighting);
    t.deepEqual(restored.options, fitted.options);
    t.deepEqual(restored.transform(fixture.corpora.zh), fitted.transform(fixture.corpora.zh));
  }
});

test('fromJSON rejects malformed input with model-format errors', (t) => {
  const good = JSON.parse(JSON.stringify(fitVectorizer(fixture.corpora.zh)));
  const broken: [unknown, RegExp][] = [
    [null, /format "rivulet-vectorizer"/],
    [{ ...good, version: 2 }, /expected version 1, got 2/],
    [{ ...good, vocabulary: 'abc' }, /vocabulary must be an array of strings/],
    [{ ...good, vocabulary: [...good.vocabulary.slice(1), good.vocabulary[1]] }, /contains a term twice/],
    [{ ...good, weighting: { ...good.weighting, idf: [1, 2] } }, /idf must hold \d+ finite numbers/],
    [{ ...good, weighting: { ...good.weighting, kind: 'bm25' } }, /weighting.kind must be/],
    [{ ...good, options: { ...good.options, maxFeatures: 0 } }, /maxFeatures must be an integer ≥ 1, got 0/],
  ];
  for (const [json, message] of broken) {
    const error = t.throws(() => FittedVectorizer.fromJSON(json));
    t.true(isRivuletError(error, 'model-format'), String(error));
    t.regex(error!.message, /^vectorize: cannot restore a fitted vectorizer: /);
    t.regex(error!.message, message);
  }
});

test('empty corpus, empty vocabulary and over-pruning are empty-input errors naming the settings', (t) => {
  const none = t.throws(() => fitVectorizer([]));
  t.true(isRivuletError(none, 'empty-input'));
  t.is(none?.message, 'vectorize: no documents to fit: the corpus is empty');

  const noTokens = t.throws(() => fitVectorizer([{ id: 'a', tokens: [] }]));
  t.true(isRivuletError(noTokens, 'empty-input'));
  t.is(
    noTokens?.message,
    'vectorize: empty vocabulary: the document has no tokens at all, before any pruning (are the texts empty, or only stop words?)',
  );
  const noneOfTwo = t.throws(() =>
    fitVectorizer(
      [
        { id: 'a', tokens: [] },
        { id: 'b', tokens: [] },
      ],
      { minDf: 2 },
    ),
  );
  t.true(isRivuletError(noneOfTwo, 'empty-input'));
  t.regex(noneOfTwo!.message, /^vectorize: empty vocabulary: the 2 documents have no tokens at all/);

  const pruned = t.throws(() =>
    fitVectorizer(
      [
        { id: 'a', tokens: ['x'] },
        { id: 'b', tokens: ['y'] },
      ],
      { minDf: 2 },
    ),
  );
  t.true(isRivuletError(pruned, 'empty-input'));
  t.is(
    pruned?.message,
    'vectorize: after pruning, no terms remain (minDf = 2 → df ≥ 2, maxDf = { proportion: 1 } → df ≤ 2, maxFeatures = null, over 2 documents and 2 terms); try a lower minDf or a higher maxDf',
  );
});

test('maxDf standing for fewer documents than minDf is an invalid-option error', (t) => {
  const docs = fixture.corpora.en;
  const error = t.throws(() => fitVectorizer(docs, { minDf: 5, maxDf: 0.1 }));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(
    error?.message,
    'vectorize: maxDf must stand for at least as many documents as minDf, got maxDf = 0.1 (2 of 20 documents) < minDf = 5 (5)',
  );
});

test('bad options are invalid-option errors naming the parameter, the value and what is allowed', (t) => {
  const docs = fixture.corpora.zh;
  const cases: [unknown, string][] = [
    [{ weighting: 'bm25' }, 'vectorize: weighting must be one of "binary", "count", "tfidf", got "bm25"'],
    [{ wieghting: 'count' }, 'vectorize: unknown option "wieghting" (did you mean "weighting"?)'],
    [{ minDf: 1.5 }, 'vectorize: minDf must be an integer count ≥ 0, a proportion in [0, 1]'],
    [{ maxDf: -1 }, 'vectorize: maxDf must be an integer count ≥ 0'],
    [{ maxDf: { proportion: 2 } }, 'vectorize: maxDf.proportion must be a finite number in [0, 1], got 2'],
    [{ minDf: { count: 1.5 } }, 'vectorize: minDf.count must be an integer ≥ 0, got 1.5'],
    [{ minDf: { count: 1, proportion: 1 } }, 'vectorize: minDf must be'],
    [{ maxFeatures: 0 }, 'vectorize: maxFeatures must be an integer ≥ 1, got 0'],
    [{ norm: 'l3' }, 'vectorize: norm must be one of "l1", "l2", null, got "l3"'],
    [{ smoothIdf: 'yes' }, 'vectorize: smoothIdf must be true or false, got "yes"'],
    [
      { weighting: 'count', sublinearTf: true },
      'vectorize: sublinearTf applies only to weighting "tfidf", got sublinearTf = true with weighting "count"',
    ],
    ['tfidf', 'vectorize: options must be an object, got "tfidf"'],
  ];
  for (const [options, message] of cases) {
    const error = t.throws(() => fitVectorizer(docs, options as VectorizerOptions));
    t.true(isRivuletError(error, 'invalid-option'), String(error));
    t.true(error!.message.startsWith(message), error!.message);
  }
});

test('malformed documents are invalid-input errors', (t) => {
  const cases: [unknown, string][] = [
    [null, 'vectorize: document 0 must be an object { id, tokens }, got null'],
    [{ id: 3, tokens: [] }, 'vectorize: document 0 must have a string id, got 3'],
    [
      { id: 'a', text: 'hello' },
      'vectorize: document "a" must have an array of string tokens, got undefined',
    ],
    [{ id: 'a', tokens: ['x', 7] }, 'vectorize: document "a" has a token that is not a string: 7'],
  ];
  for (const [doc, message] of cases) {
    const error = t.throws(() => fitVectorizer([doc as TokenizedDocument]));
    t.true(isRivuletError(error, 'invalid-input'));
    t.is(error?.message, message);
    const fitted = fitVectorizer([{ id: 'ok', tokens: ['x'] }], { weighting: 'count' });
    const transformError = t.throws(() =>
      fitted.transform([{ id: 'before', tokens: ['x', 'x'] }, doc as TokenizedDocument]),
    );
    t.is(transformError?.message, message.replace('document 0', 'document 1'));
    // A failed transform leaves nothing behind for the next one.
    t.deepEqual(Array.from(fitted.transform([{ id: 'after', tokens: ['x'] }]).matrix.data), [1]);
  }
});
