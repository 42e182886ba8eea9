/**
 * Training as a stream you can watch, stop and move off the main thread — what scikit-learn (stdout) and
 * gensim (logs) do not offer:
 * 1. early stopping: `earlyStopping(...)`, a graceful `stop` that watches the run's own epoch events;
 * 2. a time budget: a graceful stop from `AbortSignal.timeout`;
 * 3. a hard cancel: `take(5)` unsubscribes and nothing more runs;
 * 4. training in a worker thread while the host's timers keep firing;
 * 5. early stopping of online NMF, from its batch events (a smoothed batch cost, as scikit-learn's).
 * Run: `pnpm example training-stream`.
 */
import { fileURLToPath } from 'node:url';
import { earlyStopping, isEvent } from '@rivulet/core';
import { nmfMuModule, trainInWorker, trainNmf, trainOnlineNmf } from '@rivulet/decomposition';
import { readJsonl } from '@rivulet/sources';
import { tokenize } from '@rivulet/tokenizer';
import { vectorize } from '@rivulet/vectorizer';
import { filter, lastValueFrom, take, toArray } from 'rxjs';

const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));
const matrix = await lastValueFrom(
  readJsonl(corpus).pipe(take(4000), tokenize({ stopWords: 'en' }), vectorize({ minDf: 2 })),
);
const common = { components: 10, init: 'random', tol: 0, maxEpochs: 500 } as const;
const options = { ...common, solver: 'mu' } as const;

// 1. Early stopping, ready-made: stop once an epoch improves the loss by less than 0.05 %.
const early = await lastValueFrom(
  trainNmf(matrix, { ...options, stop: earlyStopping({ minRelativeChange: 5e-4 }) }).pipe(
    filter(isEvent('result')),
  ),
);
console.log(`early stop: ${early.epochs} epochs, loss ${early.loss.toFixed(4)}, stopped ${early.stopped}`);

// 2. A time budget: whatever epoch is under way at 150 ms finishes, then the result arrives.
const budget = await lastValueFrom(
  trainNmf(matrix, { ...options, stop: AbortSignal.timeout(150) }).pipe(filter(isEvent('result'))),
);
console.log(`time budget: ${budget.epochs} epochs in ~150 ms, stopped ${budget.stopped}`);

// 3. A hard cancel: five epoch events, then unsubscribe; nothing more is computed or emitted.
const five = await lastValueFrom(
  trainNmf(matrix, options).pipe(filter(isEvent('epoch')), take(5), toArray()),
);
console.log(`hard cancel: ${five.length} epochs seen, last loss ${five[4].loss.toFixed(4)}`);

// 4. In a worker: the host stays responsive (its 10 ms timer keeps firing while training runs).
let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const inWorker = await lastValueFrom(
  trainInWorker(nmfMuModule, matrix, { ...common, maxEpochs: 100 }).pipe(filter(isEvent('result'))),
);
clearInterval(timer);
console.log(
  `worker: ${inWorker.epochs} epochs, loss ${inWorker.loss.toFixed(4)}; host timer fired ${ticks} times meanwhile`,
);

// 5. Online NMF reports a loss per batch: the same rule stops it once 20 steps in a row made no new minimum
// of the smoothed batch cost (scikit-learn's max_no_improvement, with a tolerance).
const online = await lastValueFrom(
  trainOnlineNmf(matrix, {
    components: 10,
    batchSize: 200,
    maxEpochs: 50,
    maxNoImprovement: null,
    tol: 0,
    stop: earlyStopping({ minRelativeChange: 1e-3, patience: 20 }),
  }).pipe(filter(isEvent('result'))),
);
console.log(
  `online early stop: ${online.epochs} of 50 passes, loss ${online.loss.toFixed(4)}, stopped ${online.stopped}`,
);
