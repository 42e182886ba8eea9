/**
 * The slow-consumer family (slowConsumer.ts) on every streaming decomposer that emits snapshots: the
 * online NMF operator over a stream of batches and trainOnlineNmf over a finite matrix.
 */
import { onlineNmf, trainInWorker, trainOnlineNmf } from '@rivulet/decomposition';
import test from 'ava';
import { of } from 'rxjs';
import { sparseMatrix } from './inputs.js';
import { slowConsumerChecks } from './slowConsumer.js';

const X = sparseMatrix(600, 120, 0.1, 7);

slowConsumerChecks(test, 'onlineNmf (stream of batches, snapshotEvery 1)', () =>
  of(X, X).pipe(onlineNmf({ components: 4, batchSize: 16, snapshotEvery: 1 })),
);

slowConsumerChecks(test, 'trainOnlineNmf (finite matrix, snapshotEvery 1)', () =>
  trainOnlineNmf(X, {
    components: 4,
    batchSize: 16,
    snapshotEvery: 1,
    maxEpochs: 2,
    maxNoImprovement: null,
    tol: 0,
  }),
);

slowConsumerChecks(test, 'trainInWorker nmf-online (snapshots crossing threads)', () =>
  trainInWorker('nmf-online', X, {
    components: 4,
    batchSize: 16,
    snapshotEvery: 1,
    maxEpochs: 2,
    maxNoImprovement: null,
    tol: 0,
  }),
);
