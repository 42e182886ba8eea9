/**
 * How a plugin author runs the common checks on their own plugin: load its module, find its descriptor,
 * hand it to `@rivulet/testing`. This sample checks its options but not its input matrix — the battery
 * shows exactly where (each such case runs as `test.failing` with that note, so the gaps stay visible
 * without failing the suite).
 */
import { createContainer, listPlugins } from '@rivulet/core';
import { checkPlugin } from '@rivulet/testing';
import { checkPluginWithAva } from '@rivulet/testing/ava';
import test from 'ava';
import { kmeansModule } from './index.js';

const [kmeans] = listPlugins(createContainer([kmeansModule({ components: 2 })]), 'decomposer');

const UNVALIDATED = 'sample plugin: trainKMeans does not check its input matrix (shape, values, type)';

const options = {
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
};

// One ava test per case.
checkPluginWithAva(test, kmeans, options);

// The runner-neutral form: a report (another runner would throw with assertPlugin instead).
test.serial('checkPlugin reports every case, with the known gaps as expected failures', async (t) => {
  const report = await checkPlugin(kmeans, options);
  t.is(report.failed, 0, JSON.stringify(report.results.filter((r) => !r.ok)));
  t.is(report.knownFailures, Object.keys(options.knownBugs).length);
  t.true(
    report.results.some(
      (r) => r.case === 'components above min(rows, cols): refused or honoured, never clamped',
    ),
  );
});
