import { isRivuletError } from '@rivulet/core';
import { OnlineNmf } from '@rivulet/decomposition';
import { fitVectorizer } from '@rivulet/vectorizer';
import test from 'ava';
import { decodeStatistics, encodeStatistics } from './statisticsMessage.js';
import { accepted, batchVectorizer, distributedNmfSettings, onlineNmfOptions } from './trainingSettings.js';

const docs = [
  { id: 'a', text: 'river water bank' },
  { id: 'b', text: 'kernel thread memory' },
  { id: 'c', text: 'river flood water' },
];

test('settings: defaults, and bad values named by the stage and parameter', (t) => {
  const s = distributedNmfSettings('coordinator', { stream: 'DOCS', components: 4 });
  t.like(s, { nFeatures: 2 ** 18, mode: 'async', maxStaleness: 128, roundSize: 4, vocabulary: null });
  t.like(s.nmf, { components: 4, seed: 0, forgetFactor: 0.7 });
  const e = t.throws(() => distributedNmfSettings('coordinator', { stream: 'a.b', components: 4 }));
  t.true(isRivuletError(e, 'invalid-option'));
  t.regex(e?.message ?? '', /coordinator: stream must be a name/);
  t.throws(() => distributedNmfSettings('coordinator', { stream: 'D', components: 0 }), {
    message: /components/,
  });
  t.throws(
    () => distributedNmfSettings('coordinator', { stream: 'D', components: 2, mode: 'sync' as 'async' }),
    {
      message: /mode must be one of/,
    },
  );
});

test('the staleness rule: async by distance, rounds by the round the sequence falls in', (t) => {
  const async = distributedNmfSettings('x', { stream: 'D', components: 2, maxStaleness: 2 });
  t.true(accepted(async, 0, 11, 10));
  t.true(accepted(async, 0, 13, 10));
  t.false(accepted(async, 0, 14, 10));
  t.false(accepted(async, 0, 10, 10));
  const rounds = distributedNmfSettings('x', { stream: 'D', components: 2, mode: 'rounds', roundSize: 3 });
  // base 5: rounds (5, 8], (8, 11], …
  t.true(accepted(rounds, 5, 6, 5));
  t.true(accepted(rounds, 5, 8, 5));
  t.false(accepted(rounds, 5, 9, 5));
  t.true(accepted(rounds, 5, 9, 8));
  t.false(accepted(rounds, 5, 8, 2));
});

test('a fixed vocabulary vectorizes batches into its columns; statistics survive encoding bit for bit', async (t) => {
  const tokenized = docs.map((d) => ({ id: d.id, tokens: d.text.split(' ') }));
  const fitted = fitVectorizer(tokenized, {});
  const settings = distributedNmfSettings('x', { stream: 'D', components: 2, vocabulary: fitted.toJSON() });
  const X = await batchVectorizer(settings)(docs);
  t.is(X.matrix.cols, fitted.vocabulary.length);
  const hashed = await batchVectorizer(
    distributedNmfSettings('x', { stream: 'D', components: 2, nFeatures: 64 }),
  )(docs);
  t.is(hashed.matrix.cols, 64);
  t.true(
    [...hashed.matrix.data].every((v) => v >= 0),
    'alternateSign is off',
  );
  const model = new OnlineNmf(onlineNmfOptions(settings));
  const stats = model.statistics(X);
  const bytes = encodeStatistics({ batch: 7, version: 3, documents: 3 }, stats);
  const copy = new Uint8Array(bytes.length + 3).subarray(3);
  copy.set(bytes);
  const back = decodeStatistics('x', 'm', copy);
  t.like(back, { batch: 7, version: 3, documents: 3, filler: false, object: undefined });
  t.deepEqual(back.statistics, stats);
  t.throws(() => decodeStatistics('x', 'S#4', new TextEncoder().encode('nope')), {
    message: /S#4: not a statistics message/,
  });
});
