/**
 * The slow-consumer checks (`@rivulet/testing`, published for plugin authors) on every streaming
 * decomposer that emits snapshots: the online NMF operator over a stream of batches, trainOnlineNmf over a
 * finite matrix, and trainOnlineNmf in a worker thread.
 */
import { onlineNmf, trainOnlineNmf } from '@rivulet/decomposition';
import { slowConsumerChecksWithAva } from '@rivulet/testing/ava';
import test from 'ava';
import { of } from 'rxjs';
import { sparseMatrix } from './inputs.js';

const X = sparseMatrix(600, 120, 0.1, 7);

slowConsumerChecksWithAva(test, 'onlineNmf (stream of batches, snapshotEvery 1)', () =>
  of(X, X).pipe(onlineNmf({ components: 4, batchSize: 16, snapshotEvery: 1 })),
);

slowConsumerChecksWithAva(test, 'trainOnlineNmf (finite matrix, snapshotEvery 1)', () =>
  trainOnlineNmf(X, {
    components: 4,
    batchSize: 16,
    snapshotEvery: 1,
    maxEpochs: 2,
    maxNoImprovement: null,
    tol: 0,
  }),
);

slowConsumerChecksWithAva(test, 'trainOnlineNmf worker: true (snapshots crossing threads)', () =>
  trainOnlineNmf(X, {
    worker: true,
    components: 4,
    batchSize: 16,
    snapshotEvery: 1,
    maxEpochs: 2,
    maxNoImprovement: null,
    tol: 0,
  }),
);
