/**
 * Hostile input to the public functions outside the plugin stages: operator factories and Observable
 * functions must never throw synchronously (their errors travel down the error channel), synchronous
 * functions must throw a RivuletError (never a TypeError from deep inside), and JSON input must not
 * pollute prototypes.
 */
import { type ErrorKind, isRivuletError } from '@rivulet/core';
import {
  fitNmf,
  inverseTransform,
  nmf,
  nmfMuModule,
  nmfTransform,
  onlineNmf,
  topTerms,
  trainInWorker,
  trainNmf,
  trainOnlineNmf,
  trainSvd,
  transformNmf,
  truncatedSvd,
} from '@rivulet/decomposition';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import {
  cosine,
  LiveSimilarityIndex,
  nearestNeighbours,
  pairwiseCosine,
  similarity,
  similarityIndex,
} from '@rivulet/similarity';
import { readJsonl, readLines } from '@rivulet/sources';
import { settle } from '@rivulet/testing';
import { createTokenizer, tokenize } from '@rivulet/tokenizer';
import {
  FittedVectorizer,
  fitTransform,
  fitVectorizer,
  frozenVocabularyVectorize,
  hashingVectorize,
  transformWith,
  vectorize,
} from '@rivulet/vectorizer';
import test from 'ava';
import { type Observable, type OperatorFunction, of } from 'rxjs';

const BAD_OPTIONS: readonly [string, unknown][] = [
  ['a string', 'fast'],
  ['a number', 42],
  ['an array', [1, 2]],
  ['an unknown key', { notAnOption: true }],
  ['a function', () => 1],
];

const A = CsrMatrix.fromDense([
  [1, 0, 2],
  [0, 3, 1],
  [2, 1, 0],
]);
const fitted = fitVectorizer([
  { id: 'a', tokens: ['x', 'y'] },
  { id: 'b', tokens: ['y', 'z'] },
]);

// biome-ignore lint/suspicious/noExplicitAny: JavaScript callers pass anything
type AnyOptions = any;

/** Operator factories with a valid input for them. */
const OPERATORS: readonly [
  string,
  (o: AnyOptions) => OperatorFunction<AnyOptions, unknown>,
  () => Observable<unknown>,
][] = [
  ['tokenize', tokenize, () => of({ id: 'a', text: 'x' })],
  ['vectorize', vectorize, () => of({ id: 'a', tokens: ['x'] })],
  ['hashingVectorize', hashingVectorize, () => of({ id: 'a', tokens: ['x'] })],
  ['frozenVocabularyVectorize', frozenVocabularyVectorize, () => of({ id: 'a', tokens: ['x'] })],
  ['transformWith', (o) => transformWith(fitted, o), () => of({ id: 'a', tokens: ['x'] })],
  [
    'nmf',
    nmf,
    () =>
      of({
        matrix: A,
        vocabulary: ['a', 'b', 'c'],
        ids: ['1', '2', '3'],
        weighting: { kind: 'count', norm: null },
      }),
  ],
  [
    'truncatedSvd',
    truncatedSvd,
    () =>
      of({
        matrix: A,
        vocabulary: ['a', 'b', 'c'],
        ids: ['1', '2', '3'],
        weighting: { kind: 'count', norm: null },
      }),
  ],
  ['onlineNmf', onlineNmf, () => of(A)],
  ['nmfTransform', (o) => nmfTransform(DenseMatrix.fromRows([[1, 1, 1]]), o), () => of(A)],
  ['similarity', similarity, () => of(DenseMatrix.fromRows([[1, 0]]))],
  ['nearestNeighbours', nearestNeighbours, () => of({ id: 'a', row: [1, 0] })],
];

for (const [name, factory, input] of OPERATORS) {
  test(`${name}(bad options): no synchronous throw; invalid-option through the error channel`, async (t) => {
    for (const [label, options] of BAD_OPTIONS) {
      let events: Observable<unknown>;
      try {
        events = input().pipe(factory(options));
      } catch (error) {
        t.fail(`${label}: threw synchronously: ${String(error)}`);
        continue;
      }
      const outcome = await settle(events, 20_000);
      t.is(outcome.end, 'error', `${label}: ${outcome.end}`);
      if (outcome.end === 'error') {
        t.true(isRivuletError(outcome.error, 'invalid-option'), `${label}: ${String(outcome.error)}`);
      }
    }
  });
}

/** Functions returning Observables, with bad arguments. */
const STREAMS: readonly [string, () => Observable<unknown>, ErrorKind[]][] = [
  ['trainNmf(A, null)', () => trainNmf(A, null as AnyOptions), ['invalid-option']],
  ['trainNmf(null, options)', () => trainNmf(null as AnyOptions, { components: 1 }), ['invalid-input']],
  [
    'trainNmf([[1]], options) (plain arrays)',
    () => trainNmf([[1]] as AnyOptions, { components: 1 }),
    ['invalid-input'],
  ],
  ['trainSvd(A, "x")', () => trainSvd(A, 'x' as AnyOptions), ['invalid-option']],
  [
    'trainSvd(undefined, options)',
    () => trainSvd(undefined as AnyOptions, { components: 1 }),
    ['invalid-input'],
  ],
  ['trainOnlineNmf(A, null)', () => trainOnlineNmf(A, null as AnyOptions), ['invalid-option']],
  [
    'trainOnlineNmf({}, options)',
    () => trainOnlineNmf({} as AnyOptions, { components: 1 }),
    ['invalid-input'],
  ],
  [
    'trainInWorker("nmf-xx", A, options)',
    () => trainInWorker('nmf-xx' as AnyOptions, A, { components: 1 }),
    ['invalid-option'],
  ],
  [
    'trainInWorker(nmfMuModule, "A", options)',
    () => trainInWorker(nmfMuModule, 'A' as AnyOptions, { components: 1 }),
    ['invalid-input'],
  ],
  [
    'trainInWorker(nmfMuModule, A, null)',
    () => trainInWorker(nmfMuModule, A, null as AnyOptions),
    ['invalid-option'],
  ],
  ['readJsonl(42)', () => readJsonl(42 as AnyOptions), ['invalid-option', 'io']],
  [
    'readJsonl(path, { onError: "maybe" })',
    () => readJsonl('/nonexistent.jsonl', { onError: 'maybe' } as AnyOptions),
    ['invalid-option'],
  ],
  ['readLines(null)', () => readLines(null as AnyOptions), ['invalid-option', 'io']],
  [
    'nearestNeighbours over a row with NaN',
    () => of({ id: 'a', row: [1, 0] }, { id: 'b', row: [Number.NaN, 1] }).pipe(nearestNeighbours({ k: 1 })),
    ['invalid-input'],
  ],
  [
    'nearestNeighbours over rows of different lengths',
    () => of({ id: 'a', row: [1, 0] }, { id: 'b', row: [1] }).pipe(nearestNeighbours({ k: 1 })),
    ['invalid-input'],
  ],
  [
    'nearestNeighbours over a row without an id',
    () => of({ row: [1, 0] } as AnyOptions).pipe(nearestNeighbours({ k: 1 })),
    ['invalid-input'],
  ],
  [
    'nearestNeighbours with k 0',
    () => of({ id: 'a', row: [1, 0] }).pipe(nearestNeighbours({ k: 0 })),
    ['invalid-option'],
  ],
];

for (const [label, make] of STREAMS) {
  test(`${label}: no synchronous throw, a clear error through the error channel`, async (t) => {
    let events: Observable<unknown>;
    try {
      events = make();
    } catch (error) {
      t.fail(`threw synchronously: ${String(error)}`);
      return;
    }
    const outcome = await settle(events, 20_000);
    t.is(outcome.end, 'error');
    if (outcome.end === 'error') t.true(isRivuletError(outcome.error), String(outcome.error));
    t.log(outcome.end === 'error' ? String((outcome.error as Error).message) : outcome.end);
  });
}

test('fitNmf with bad arguments rejects (never throws synchronously)', async (t) => {
  let promise: Promise<unknown>;
  try {
    promise = fitNmf(null as AnyOptions, null as AnyOptions);
  } catch (error) {
    t.fail(`threw synchronously: ${String(error)}`);
    return;
  }
  const error = await t.throwsAsync(promise);
  t.true(isRivuletError(error), String(error));
});

/** Synchronous functions: a RivuletError, never a TypeError from deep inside. */
const SYNC: readonly [string, () => unknown][] = [
  ['cosine("ab", "cd")', () => cosine('ab' as AnyOptions, 'cd' as AnyOptions)],
  ['cosine([1], [1, 2])', () => cosine([1], [1, 2])],
  ['cosine([NaN], [1])', () => cosine([Number.NaN], [1])],
  ['cosine(null, [1])', () => cosine(null as AnyOptions, [1])],
  ['pairwiseCosine(null)', () => pairwiseCosine(null as AnyOptions)],
  [
    'pairwiseCosine({ rows: 1, cols: 1, data: [1] })',
    () => pairwiseCosine({ rows: 1, cols: 1, data: [1] } as AnyOptions),
  ],
  [
    'similarityIndex(rows, ids of the wrong length)',
    () => similarityIndex(DenseMatrix.fromRows([[1]]), ['a', 'b']),
  ],
  ['similarityIndex(rows).topK(5, 1)', () => similarityIndex(DenseMatrix.fromRows([[1]])).topK(5, 1)],
  ['similarityIndex(rows).cosine(-1, 0)', () => similarityIndex(DenseMatrix.fromRows([[1]])).cosine(-1, 0)],
  ['topTerms(H, vocabulary, 0)', () => topTerms(DenseMatrix.fromRows([[1, 2]]), ['a', 'b'], 0)],
  ['topTerms(null, vocabulary, 1)', () => topTerms(null as AnyOptions, ['a'], 1)],
  ['topTerms(H, "ab", 1)', () => topTerms(DenseMatrix.fromRows([[1, 2]]), 'ab' as AnyOptions, 1)],
  ['transformNmf(null, H)', () => transformNmf(null as AnyOptions, DenseMatrix.fromRows([[1, 1, 1]]))],
  ['transformNmf(A, H of the wrong width)', () => transformNmf(A, DenseMatrix.fromRows([[1, 1]]))],
  ['transformNmf(A, H with NaN)', () => transformNmf(A, DenseMatrix.fromRows([[1, Number.NaN, 1]]))],
  [
    'transformNmf(A, H, { solver: "x" })',
    () => transformNmf(A, DenseMatrix.fromRows([[1, 1, 1]]), { solver: 'x' } as AnyOptions),
  ],
  ['inverseTransform(W, null)', () => inverseTransform(DenseMatrix.fromRows([[1]]), null as AnyOptions)],
  [
    'inverseTransform(W 1×2, H 1×2)',
    () => inverseTransform(DenseMatrix.fromRows([[1, 1]]), DenseMatrix.fromRows([[1, 1]])),
  ],
  ['createTokenizer({ lang: 1 })', () => createTokenizer({ lang: 1 } as AnyOptions)],
  ['createTokenizer()(42)', () => createTokenizer()(42 as AnyOptions)],
  ['createTokenizer()(null)', () => createTokenizer()(null as AnyOptions)],
  ['fitVectorizer(null)', () => fitVectorizer(null as AnyOptions)],
  ['fitVectorizer(42)', () => fitVectorizer(42 as AnyOptions)],
  ['fitVectorizer([null])', () => fitVectorizer([null] as AnyOptions)],
  ['fitTransform([{ id: "a", tokens: [1] }])', () => fitTransform([{ id: 'a', tokens: [1] }] as AnyOptions)],
  ['fitted.transform("abc")', () => fitted.transform('abc' as AnyOptions)],
  ['fitted.transform([{ id: "a" }])', () => fitted.transform([{ id: 'a' }] as AnyOptions)],
  ['FittedVectorizer.fromJSON(null)', () => FittedVectorizer.fromJSON(null)],
  ['live index: add("a", [NaN])', () => new LiveSimilarityIndex().add('a', [Number.NaN])],
  ['live index: add(42, [1])', () => new LiveSimilarityIndex().add(42 as AnyOptions, [1])],
  ['live index: add("a", "text") without embed', () => new LiveSimilarityIndex().add('a', 'text')],
  [
    'live index: rows of different lengths',
    () => {
      const index = new LiveSimilarityIndex();
      index.add('a', [1, 2]);
      index.add('b', [1]);
    },
  ],
  ['live index: query([1], 0)', () => new LiveSimilarityIndex({ dimension: 1 }).query([1], 0)],
  [
    'live index: query(null, 1)',
    () => new LiveSimilarityIndex({ dimension: 1 }).query(null as AnyOptions, 1),
  ],
  [
    'live index: dimension 1e9 (64 × 1e9 doubles up front)',
    () => new LiveSimilarityIndex({ dimension: 1e9 }),
  ],
  [
    'live index: initialCapacity 1e12',
    () => new LiveSimilarityIndex({ dimension: 4, initialCapacity: 1e12 }),
  ],
  [
    'FittedVectorizer.fromJSON(idf shorter than the vocabulary)',
    () => {
      const json = fitVectorizer([{ id: 'a', tokens: ['x', 'y'] }]).toJSON();
      return FittedVectorizer.fromJSON({ ...json, weighting: { ...json.weighting, idf: [1] } });
    },
  ],
  [
    'FittedVectorizer.fromJSON(NaN idf)',
    () => {
      const json = fitVectorizer([{ id: 'a', tokens: ['x', 'y'] }]).toJSON();
      return FittedVectorizer.fromJSON({ ...json, weighting: { ...json.weighting, idf: [1, null] } });
    },
  ],
  [
    'FittedVectorizer.fromJSON(duplicate terms)',
    () => {
      const json = fitVectorizer([{ id: 'a', tokens: ['x', 'y'] }]).toJSON();
      return FittedVectorizer.fromJSON({ ...json, vocabulary: ['x', 'x'] });
    },
  ],
];

/** Calls that find a bug (label → the bug), run as test.failing until fixed. */
const KNOWN_BUGS: Record<string, string> = {};

for (const [label, run] of SYNC) {
  const bug = KNOWN_BUGS[label];
  (bug === undefined ? test : test.failing)(`${label}: throws a RivuletError`, (t) => {
    if (bug !== undefined) t.log(`known bug: ${bug}`);
    const error = t.throws(run);
    t.true(isRivuletError(error), `${(error as Error)?.name}: ${(error as Error)?.message}`);
    t.log((error as Error)?.message);
  });
}

test('a fitted vectorizer with __proto__ and constructor terms survives a JSON round trip, polluting nothing', (t) => {
  const docs = [
    { id: 'a', tokens: ['__proto__', 'constructor', 'toString', 'x'] },
    { id: 'b', tokens: ['__proto__', 'prototype', 'valueOf'] },
  ];
  const original = fitVectorizer(docs, { weighting: 'tfidf' });
  const text = JSON.stringify(original.toJSON());
  const revived = FittedVectorizer.fromJSON(JSON.parse(text));
  t.deepEqual([...revived.vocabulary], [...original.vocabulary]);
  t.true(revived.vocabulary.includes('__proto__'));
  const a = original.transform(docs).matrix;
  const b = revived.transform(docs).matrix;
  t.deepEqual(Array.from(b.data), Array.from(a.data));
  t.deepEqual(Array.from(b.indices), Array.from(a.indices));
  t.false(Object.hasOwn(Object.prototype, 'polluted'));
});

test('FittedVectorizer.fromJSON with __proto__ / constructor keys (from JSON.parse) pollutes nothing', (t) => {
  const json = fitVectorizer([{ id: 'a', tokens: ['x', 'y'] }]).toJSON();
  const hostile = JSON.parse(
    JSON.stringify(json).replace(
      '{',
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},',
    ),
  );
  try {
    const revived = FittedVectorizer.fromJSON(hostile);
    t.deepEqual([...revived.vocabulary], ['x', 'y']);
  } catch (error) {
    t.true(isRivuletError(error), String(error));
  }
  t.false(Object.hasOwn(Object.prototype, 'polluted'));
  t.is(({} as Record<string, unknown>).polluted, undefined);
});
