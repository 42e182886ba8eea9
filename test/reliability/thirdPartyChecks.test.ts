/**
 * How a plugin author runs the common checks on their own plugin: load its module, find its descriptor,
 * call `commonChecks`. Here on the sample k-means decomposer of test/thirdPartyPlugin.ts, which checks
 * its options but not its input matrix — the battery shows exactly where (each such case runs as
 * `test.failing` with that note, so the gaps stay visible without failing the suite).
 */
import { createContainer, listPlugins } from '@rivulet/core';
import test from 'ava';
import { kmeansModule } from '../thirdPartyPlugin.js';
import { commonChecks } from './commonChecks.js';

const [kmeans] = listPlugins(createContainer([kmeansModule({ components: 2 })]), 'decomposer');

const UNVALIDATED = 'sample plugin: trainKMeans does not check its input matrix (shape, values, type)';

commonChecks(test, kmeans, {
  baseOptions: { components: 2 },
  badOptions: [{ maxEpochs: 0 }, { maxEpochs: 1.5 }],
  knownBugs: Object.fromEntries(
    [
      'empty matrix (0 × 0)',
      'no documents (0 × 4)',
      'no terms (3 × 0)',
      'magnitude 1e-300 (rank one)',
      'magnitude 1e+300 (rank one)',
      'NaN value',
      '+∞ value',
      '−∞ value',
      'negative value',
      'CSR column index out of range',
      'ragged dense rows instead of a matrix',
      'a plain object instead of a matrix',
      'strings for numbers',
      'null instead of a document-term matrix',
      'a string instead of a document-term matrix',
    ].map((name) => [name, UNVALIDATED]),
  ),
});
