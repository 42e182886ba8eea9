import { isRivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { BUILT_IN_DECOMPOSERS, checkModel, MODEL_SETTING_BOUNDS, type SavedModel } from '../index.js';

/** A model in Rivulet's settings layout, as `rivulet topics --save` writes it. */
function cliModel(
  over: { settings?: Record<string, unknown>; vocabulary?: string[]; H?: DenseMatrix } = {},
): SavedModel {
  const vocabulary = over.vocabulary ?? ['apple', 'banana', 'cherry'];
  const idf = [1.5, 2, 1.25];
  return {
    settings: {
      tool: 'rivulet-cli',
      tokenizer: { lang: 'auto', stopWords: null, ngram: [1, 2] },
      vectorizer: {
        format: 'rivulet-fitted-vectorizer',
        vocabulary: [...vocabulary],
        weighting: { kind: 'tfidf', norm: 'l2', idf, smoothIdf: true, sublinearTf: false },
      },
      decomposer: 'nmf-cd',
      decomposerOptions: { components: 2, maxEpochs: 200, tol: 1e-4, seed: 0, init: 'nndsvda' },
      ...over.settings,
    },
    vocabulary,
    weighting: {
      kind: 'tfidf',
      norm: 'l2',
      idf: Float64Array.from(idf),
      smoothIdf: true,
      sublinearTf: false,
    },
    H:
      over.H ??
      DenseMatrix.fromRows([
        [1, 0, 2],
        [0, 3, 0],
      ]),
    W: DenseMatrix.fromRows([[1, 0]]),
    ids: ['d1'],
  };
}

function refused(t: import('ava').ExecutionContext, model: SavedModel, message: RegExp, options = {}): void {
  const error = t.throws(() => checkModel(model, options));
  t.true(isRivuletError(error, 'model-format'), String(error));
  t.regex(error?.message ?? '', message);
}

test('format 2 (TopicModel) settings: bounds on the built-in tokenizer and decomposers, any plugin name', (t) => {
  const v2 = (
    tokenizer: Record<string, unknown>,
    decomposer: { name: string; options: Record<string, unknown> },
  ) => ({
    ...cliModel(),
    settings: {
      kind: 'rivulet-topic-model',
      pipeline: {
        tokenizer: { name: 'default', options: tokenizer },
        filters: [],
        vectorizer: { name: 'default', options: {} },
        decomposer,
      },
    },
  });
  t.notThrows(() => checkModel(v2({ ngram: 2 }, { name: 'kmeans', options: { anything: 1 } })));
  refused(
    t,
    v2({ ngram: [1, 100000] }, { name: 'nmf-cd', options: { components: 2 } }),
    /^loadModel: settings\.pipeline\.tokenizer\.options\.ngram must be/,
  );
  refused(
    t,
    v2({}, { name: 'nmf-mu', options: { components: 2, maxEpochs: 1e15 } }),
    /^loadModel: settings\.pipeline\.decomposer\.options\.maxEpochs must be an integer in \[1, 100000\]/,
  );
});

test('a sane model passes; settings outside Rivulet’s layout are the caller’s own', (t) => {
  t.notThrows(() => checkModel(cliModel()));
  const own = { ...cliModel(), settings: { decomposer: { name: 'anything' }, ngram: [1, 1e6] } };
  t.notThrows(() => checkModel(own));
});

test('settings beyond the CLI’s bounds are refused, naming the field (issue 10, item 6)', (t) => {
  const options = cliModel().settings.decomposerOptions as Record<string, unknown>;
  refused(
    t,
    cliModel({ settings: { tokenizer: { lang: 'en', stopWords: null, ngram: [1, 100000] } } }),
    /^loadModel: settings\.tokenizer\.ngram must be \[min, max\] with 1 ≤ min ≤ max ≤ 9 \(or n for \[n, n\]\), got \[1,100000\]$/,
  );
  refused(
    t,
    cliModel({ settings: { decomposerOptions: { ...options, maxEpochs: 1e15, tol: 0 } } }),
    new RegExp(
      `settings\\.decomposerOptions\\.maxEpochs must be an integer in \\[1, ${MODEL_SETTING_BOUNDS.maxEpochs}\\], got 1000000000000000`,
    ),
  );
  refused(
    t,
    cliModel({ settings: { decomposer: 'lda' } }),
    /settings\.decomposer must be one of the available decomposers \(nmf-mu, nmf-cd, nmf-online, svd\), got "lda"/,
  );
  refused(t, cliModel({ settings: { decomposer: 'svd' } }), /available decomposers \(nmf-cd\), got "svd"/, {
    decomposers: BUILT_IN_DECOMPOSERS.filter((d) => d.name === 'nmf-cd'),
  });
});

test('a vocabulary repeated, or permuted against the vectorizer’s, is refused', (t) => {
  refused(
    t,
    cliModel({ vocabulary: ['apple', 'apple', 'cherry'] }),
    /^loadModel: vocabulary must hold distinct terms, got "apple" at 0 and 1$/,
  );
  const permuted = cliModel();
  const vectorizer = permuted.settings.vectorizer as { vocabulary: string[] };
  vectorizer.vocabulary = ['banana', 'apple', 'cherry'];
  refused(
    t,
    permuted,
    /settings\.vectorizer\.vocabulary\[0\] is "banana" but the model's vocabulary\[0\] is "apple"/,
  );
});

test('factors must be finite, and non-negative for an NMF decomposer only', (t) => {
  refused(
    t,
    cliModel({
      H: DenseMatrix.fromRows([
        [1, Number.NaN, 0],
        [0, 1, 0],
      ]),
    }),
    /^loadModel: H must hold finite non-negative values, got NaN at row 0, column 1$/,
  );
  refused(
    t,
    cliModel({
      H: DenseMatrix.fromRows([
        [1, -1, 0],
        [0, 1, 0],
      ]),
    }),
    /H must hold finite non-negative values, got -1/,
  );
  const svd = cliModel({
    settings: { decomposer: 'svd' },
    H: DenseMatrix.fromRows([
      [1, -1, 0],
      [0, 1, 0],
    ]),
  });
  t.notThrows(() => checkModel(svd));
  refused(
    t,
    cliModel({
      H: DenseMatrix.fromRows([
        [1, 0],
        [0, 1],
      ]),
    }),
    /H is 2 × 2 but the vocabulary has 3 terms/,
  );
});
