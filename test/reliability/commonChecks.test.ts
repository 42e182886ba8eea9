import { createContainer, listPlugins, type PluginDescriptor } from '@rivulet/core';
import { nmfCdModule, nmfMuModule, onlineNmfModule, svdModule } from '@rivulet/decomposition';
import { similarityModule } from '@rivulet/similarity';
import { type AvaCheckOptions, checkPluginWithAva } from '@rivulet/testing/ava';
import { tokenizerModule } from '@rivulet/tokenizer';
import { jiebaTokenizerModule } from '@rivulet/tokenizer-jieba';
import { hashingVectorizerModule, vectorizerModule } from '@rivulet/vectorizer';
import test from 'ava';

/**
 * Every plugin registered in a container with all built-in modules loaded faces the common checks; a
 * plugin found here without an entry in PROFILES still runs them with defaults, so a new built-in cannot
 * slip past.
 */
const container = createContainer([
  tokenizerModule(),
  jiebaTokenizerModule(),
  vectorizerModule(),
  hashingVectorizerModule(),
  nmfMuModule({ components: 2 }),
  nmfCdModule({ components: 2 }),
  svdModule({ components: 2 }),
  onlineNmfModule({ components: 2 }),
  similarityModule(),
]);

const nmfBad = [
  { maxEpochs: 0 },
  { maxEpochs: 2.5 },
  { tol: -1 },
  { tol: Number.NaN },
  { seed: -1 },
  { seed: 0.5 },
  { init: 'bogus' },
  { betaLoss: 'euclid' },
  { alphaW: -1 },
  { l1Ratio: 2 },
  { sliceMs: -1 },
  { stop: 'now' },
];

const PROFILES: Record<string, AvaCheckOptions> = {
  'tokenizer default': {
    badOptions: [
      { dictionary: [''] },
      { dictionary: [1] },
      { stopWords: [1] },
      { stopWords: 'fr' },
      { chunkSize: 0 },
      { chunkSize: -1 },
    ],
  },
  'tokenizer jieba': {
    badOptions: [{ dictionary: ['守护 进程'] }, { hmm: 'yes' }, { stopWords: 'fr' }],
  },
  'vectorizer default': {
    badOptions: [
      { weighting: 'bm25' },
      { minDf: -1 },
      { minDf: Number.NaN },
      { minDf: { proportion: 2 } },
      { minDf: { count: 1.5 } },
      { maxDf: 1.5 },
      { maxFeatures: 0 },
      { maxFeatures: 2.5 },
      { norm: 'l3' },
      { smoothIdf: 'yes' },
    ],
  },
  'vectorizer hashing': {
    badOptions: [
      { nFeatures: 0 },
      { nFeatures: 2.5 },
      { nFeatures: 2 ** 40 },
      { batchSize: 0 },
      { norm: 'l3' },
      { binary: 'yes' },
      { alternateSign: 1 },
    ],
  },
  'decomposer nmf-mu': {
    baseOptions: { components: 2, maxEpochs: 200 },
    badOptions: [...nmfBad, { solver: 'cd' }],
  },
  'decomposer nmf-cd': {
    baseOptions: { components: 2, maxEpochs: 200 },
    badOptions: [...nmfBad, { solver: 'mu' }, { shuffle: 'yes' }],
  },
  'decomposer svd': {
    baseOptions: { components: 2 },
    signed: true,
    badOptions: [{ nIter: -1 }, { oversamples: -1 }, { seed: -1 }, { seed: 0.5 }],
  },
  'decomposer nmf-online': {
    baseOptions: { components: 2, maxEpochs: 50 },
    rowsInResult: false,
    badOptions: [{ batchSize: 0 }, { forgetFactor: 2 }, { maxEpochs: 0 }, { tol: -1 }, { seed: -1 }],
  },
  'similarity cosine': {},
};

/**
 * Bugs the checks found, by plugin and case, each run as test.failing until fixed (the reliability README
 * says how). Those found so far are fixed: out-of-range magnitudes and malformed CSR matrices are refused
 * (decomposition/src/checkMagnitude.ts, checkCsrStructure.ts).
 */
const KNOWN_BUGS: Record<string, Record<string, string>> = {};

const plugins: PluginDescriptor[] = listPlugins(container);

test('the container lists every built-in role', (t) => {
  const names = plugins.map((p) => `${p.role} ${p.name}`);
  t.log(names.join(', '));
  for (const role of ['tokenizer', 'vectorizer', 'decomposer', 'similarity'])
    t.true(
      plugins.some((p) => p.role === role),
      role,
    );
  t.true(names.includes('decomposer nmf-mu') && names.includes('decomposer nmf-cd'));
});

for (const descriptor of plugins) {
  const key = `${descriptor.role} ${descriptor.name}`;
  checkPluginWithAva(test, descriptor, { ...PROFILES[key], knownBugs: KNOWN_BUGS[key] });
}

// The same NMF plugins with `worker: true`: every case crosses into a worker thread and back.
for (const name of ['nmf-mu', 'nmf-cd']) {
  const descriptor = plugins.find((p) => p.role === 'decomposer' && p.name === name) as PluginDescriptor;
  const profile = PROFILES[`decomposer ${name}`];
  checkPluginWithAva(test, descriptor, {
    ...profile,
    label: `${name} in a worker`,
    baseOptions: { ...profile.baseOptions, worker: true },
    knownBugs: KNOWN_BUGS[`decomposer ${name} in a worker`],
  });
}
