import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createContainer,
  DECOMPOSER,
  definePlugin,
  isRivuletError,
  listPlugins,
  type ResultEvent,
  type TrainingEvent,
} from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { firstValueFrom, lastValueFrom, map, type Observable, of, Subject, toArray } from 'rxjs';
import { nmfCdModule, nmfMuModule, onlineNmfModule, trainNmf, trainOnlineNmf } from '../index.js';
import { trainInWorker, type WorkerTrainingOptions, workerDecomposerModule } from './index.js';

/** A 40 × 30 non-negative matrix with a fixed pattern of zeros. */
function matrix(): CsrMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < 40; i++) {
    const row: number[] = [];
    for (let j = 0; j < 30; j++) row.push((i * 7 + j * 3) % 5 === 0 ? 0 : ((i + 1) * (j + 2)) % 11);
    rows.push(row);
  }
  return CsrMatrix.fromDense(rows);
}
const X = matrix();
const readNow = (e: TrainingEvent): TrainingEvent =>
  e.type === 'snapshot' ? { type: e.type, step: e.step, H: e.H } : e;
const withoutTime = (events: TrainingEvent[]) =>
  events.map((e) => {
    if (e.type === 'result') return { ...e, W: Array.from(e.W.data), H: Array.from(e.H.data) };
    if (e.type === 'snapshot') return { ...e, H: Array.from(e.H.data) };
    return 'elapsedMs' in e ? { ...e, elapsedMs: 0 } : e;
  });

for (const [solver, plugin] of [
  ['mu', nmfMuModule],
  ['cd', nmfCdModule],
] as const) {
  test(`nmf-${solver} in a worker (its plugin, or trainNmf with worker: true) gives bit-identical events and factors to the in-thread run`, async (t) => {
    const options = { components: 4, init: 'random', seed: 3, maxEpochs: 40, tol: 0 } as const;
    const inThread = await lastValueFrom(trainNmf(X, { ...options, solver }).pipe(toArray()));
    const inWorker = await lastValueFrom(trainInWorker(plugin, X, options).pipe(toArray()));
    t.deepEqual(withoutTime(inWorker), withoutTime(inThread));
    t.true(DenseMatrix.is((inWorker.at(-1) as ResultEvent).W));
    const flag = await lastValueFrom(trainNmf(X, { ...options, solver, worker: true }).pipe(toArray()));
    t.deepEqual(withoutTime(flag), withoutTime(inThread));
  });
}

test('nmf-online in a worker, from a custom start, equals the in-thread run', async (t) => {
  const H = new DenseMatrix(3, 30, new Float64Array(90).fill(0.5));
  const W = new DenseMatrix(40, 3, new Float64Array(120).fill(0.25));
  const options = { components: 3, init: { W, H }, batchSize: 16, maxEpochs: 5, snapshotEvery: 4 };
  // Snapshots are read as they arrive: an unread one is conflated into the next (ConflatedSnapshots).
  const inThread = await lastValueFrom(trainOnlineNmf(X, options).pipe(map(readNow), toArray()));
  const inWorker = await lastValueFrom(
    trainOnlineNmf(X, { ...options, worker: true }).pipe(map(readNow), toArray()),
  );
  t.deepEqual(withoutTime(inWorker), withoutTime(inThread));
  // The plugin's stage (one pass over each incoming matrix) in a worker equals it in-thread too.
  const doc = { matrix: X, vocabulary: [], ids: [], weighting: { kind: 'count', norm: null } } as const;
  const stage = await lastValueFrom(
    onlineNmfModule.descriptor.create(options).apply(of(doc)).pipe(map(readNow), toArray()),
  );
  const plugin = await lastValueFrom(
    trainInWorker(onlineNmfModule, doc, options).pipe(map(readNow), toArray()),
  );
  t.deepEqual(withoutTime(plugin), withoutTime(stage));
  const bad = await t.throwsAsync(lastValueFrom(trainOnlineNmf(X, { ...options, worker: 'yes' as never })));
  t.is(bad?.message, 'onlineNmf: worker must be true or false, got "yes"');
});

test('an error inside the worker arrives on the error channel as a worker error naming the stage', async (t) => {
  const error = await t.throwsAsync(
    firstValueFrom(trainInWorker(nmfMuModule, X, { components: 2, tol: -1 })),
  );
  t.true(isRivuletError(error, 'worker'));
  t.is(error?.message, 'nmf: worker thread failed: tol must be a finite number in [0, ∞), got -1');
  t.true(isRivuletError((error as Error).cause, 'invalid-option'));
  const online = await t.throwsAsync(
    firstValueFrom(trainOnlineNmf(DenseMatrix.fromRows([[1, -2]]), { components: 1, worker: true })),
  );
  t.true(isRivuletError(online, 'worker'));
  t.regex(online?.message ?? '', /^onlineNmf: worker thread failed: values must be finite and ≥ 0, got -2/);
});

test('options that cannot cross threads are rejected before a worker starts', async (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const bad = (decomposer: any, options: any) =>
    t.throwsAsync(firstValueFrom(trainInWorker(decomposer, X, options)));
  const e1 = await bad('nmf-xx', { components: 2 });
  t.is(
    e1?.message,
    'trainInWorker: plugin must be a decomposer plugin (its factory, module or descriptor) with a worker capability, or a WorkerRef { module, export } of strings, got "nmf-xx"',
  );
  const e2 = await bad(nmfMuModule, { components: 2, scheduler: { schedule() {} } });
  t.true(isRivuletError(e2, 'invalid-option'));
  // The plugin's own check, in the worker: nmf-mu sets the solver.
  const e3 = await bad(nmfMuModule, { components: 2, solver: 'cd' });
  t.is(
    e3?.message,
    'nmf-mu: worker thread failed: solver must be "mu" or absent for plugin nmf-mu, got "cd"',
  );
  const inThreadOnly = definePlugin({
    role: 'decomposer',
    name: 'in-thread-only',
    description: 'a decomposer without a worker capability',
    options: {},
    stage: () => map(() => ({ type: 'warning', code: 'none', message: 'none' }) as TrainingEvent),
  });
  const e4 = await bad(inThreadOnly, { components: 2 });
  t.regex(
    e4?.message ?? '',
    /^trainInWorker: plugin must be a plugin that can run in a worker thread \("in-thread-only" declares no worker capability/,
  );
});

/**
 * Every event of `train(stop)` until it completes, asking for a graceful stop when epoch 2 is reported.
 */
function stoppedAtEpoch2(
  train: (stop: Subject<void>) => Observable<TrainingEvent>,
): Promise<TrainingEvent[]> {
  const stop = new Subject<void>();
  const events: TrainingEvent[] = [];
  return new Promise((resolve, reject) =>
    train(stop).subscribe({
      next(e) {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 2) stop.next();
      },
      error: reject,
      complete: () => resolve(events),
    }),
  );
}

test('a graceful stop is forwarded: one stopped result, then completion', async (t) => {
  const events = await stoppedAtEpoch2((stop) =>
    trainInWorker(nmfMuModule, X, { components: 4, init: 'random', maxEpochs: 1_000_000, tol: 0, stop }),
  );
  const result = events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  t.true(result.stopped);
  t.is(events.filter((e) => e.type === 'result').length, 1);
});

test('after unsubscribe the worker is gone: a process that subscribes then unsubscribes exits on its own', async (t) => {
  const entry = new URL('./trainInWorker.js', import.meta.url).href;
  const trainNmfUrl = new URL('../trainNmf.js', import.meta.url).href;
  const linalg = import.meta.resolve('@rivulet/linalg');
  const script = `
    import { trainInWorker } from ${JSON.stringify(entry)};
    import { DenseMatrix } from ${JSON.stringify(linalg)};
    const a = new DenseMatrix(300, 200, Float64Array.from({ length: 60000 }, (_, p) => (p * 7919) % 13));
    const ref = { module: ${JSON.stringify(trainNmfUrl)}, export: 'trainNmf' };
    const sub = trainInWorker(ref, a, { components: 10, init: 'random', maxEpochs: 1e9, tol: 0 }).subscribe((e) => {
      if (e.type === 'epoch' && e.epoch === 3) { sub.unsubscribe(); console.log('unsubscribed'); }
    });
  `;
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-worker-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'unsubscribe.mjs');
  await writeFile(file, script);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // A hang detector, not a speed test: a live worker would keep the child alive for ever.
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running after 30 s');
    }, 30_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c ?? 'killed');
    });
  });
  t.is(code, 0, output);
  t.is(output.trim(), 'unsubscribed');
});

test('the worker-backed plugin is the active decomposer and trains each matrix in a worker', async (t) => {
  const options = { components: 3, init: 'random', seed: 2, maxEpochs: 15, tol: 0 } as const;
  const container = createContainer([workerDecomposerModule(nmfCdModule, options)]);
  const stage = container.get(DECOMPOSER);
  t.is(stage.name, 'nmf-cd-worker');
  t.deepEqual(
    listPlugins(container, 'decomposer').map((p) => p.name),
    ['nmf-cd-worker'],
  );
  const doc = {
    matrix: X,
    vocabulary: Array.from({ length: 30 }, (_, j) => `t${j}`),
    ids: [],
    weighting: { kind: 'count', norm: null },
  } as const;
  const viaPlugin = await lastValueFrom(stage.apply(of(doc)).pipe(toArray()));
  const inThread = await lastValueFrom(trainNmf(X, { ...options, solver: 'cd' }).pipe(toArray()));
  t.deepEqual(withoutTime(viaPlugin), withoutTime(inThread));
});

test('a stop requested before training starts still ends it gracefully with one stopped result', async (t) => {
  const events = await lastValueFrom(
    trainInWorker(nmfMuModule, X, {
      components: 4,
      init: 'random',
      maxEpochs: 1_000_000,
      tol: 0,
      stop: AbortSignal.abort(),
    }).pipe(toArray()),
  );
  const result = events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  t.true(result.stopped);
  t.true(result.epochs < 1_000_000);
});

test('worker: true is accepted (it is what trainInWorker does); worker: false is a contradiction', async (t) => {
  const withFlag: WorkerTrainingOptions<{ components: number; maxEpochs: number }> = {
    components: 2,
    maxEpochs: 3,
    worker: true,
  };
  const ok = (await lastValueFrom(trainInWorker(nmfMuModule, X, withFlag))) as ResultEvent;
  t.is(ok.type, 'result');
  const error = await t.throwsAsync(
    // biome-ignore lint/suspicious/noExplicitAny: as above
    firstValueFrom(trainInWorker(nmfMuModule, X, { components: 2, worker: false } as any)),
  );
  t.is(
    error?.message,
    'trainInWorker: worker must be true or undefined (this function always uses a worker), got false',
  );
});

test('trainNmf with worker: true trains in a worker with the same events and factors as in-thread', async (t) => {
  const a = CsrMatrix.fromDense([
    [1, 0, 2, 0],
    [0, 3, 1, 0],
    [4, 1, 0, 2],
    [0, 0, 1, 5],
  ]);
  const options = { components: 2, solver: 'cd', init: 'random', seed: 4, maxEpochs: 15 } as const;
  const here = await lastValueFrom(trainNmf(a, options).pipe(toArray()));
  const there = await lastValueFrom(trainNmf(a, { ...options, worker: true }).pipe(toArray()));
  const strip = (events: typeof here) => events.map((e) => (e.type === 'epoch' ? { ...e, elapsedMs: 0 } : e));
  t.deepEqual(strip(there), strip(here));
  const error = await t.throwsAsync(
    lastValueFrom(trainNmf(a, { ...options, worker: true, scheduler: (await import('rxjs')).asapScheduler })),
  );
  t.regex(String(error?.message), /^nmf: scheduler must be undefined with worker: true/);
});

test('any plugin runs in a worker from the WorkerRef of its descriptor, with the events of the in-thread plugin', async (t) => {
  const doc = {
    matrix: X,
    vocabulary: Array.from({ length: 30 }, (_, j) => `t${j}`),
    ids: Array.from({ length: 40 }, (_, i) => `d${i}`),
    weighting: { kind: 'count', norm: null },
  } as const;
  const options = { components: 3, init: 'random', seed: 5, maxEpochs: 12, tol: 0 } as const;
  const ref = nmfCdModule.descriptor.capabilities.worker!;
  const viaRef = await lastValueFrom(trainInWorker(ref, doc, options).pipe(toArray()));
  const inThread = await lastValueFrom(nmfCdModule.descriptor.create(options).apply(of(doc)).pipe(toArray()));
  t.deepEqual(withoutTime(viaRef), withoutTime(inThread));
  const bad = await t.throwsAsync(
    firstValueFrom(trainInWorker({ module: ref.module, export: 'noSuchModule' }, doc, options)),
  );
  t.true(isRivuletError(bad, 'worker'));
  t.regex(bad?.message ?? '', /is neither a plugin factory .* nor a training function/);
  // A raw matrix reaches the stage as it is; the NMF stages take one.
  const raw = await lastValueFrom(trainInWorker(ref, X, options).pipe(toArray()));
  const rawInThread = await lastValueFrom(trainNmf(X, { ...options, solver: 'cd' }).pipe(toArray()));
  t.deepEqual(withoutTime(raw), withoutTime(rawInThread));
  // A module made by the factory brings its own options along: the worker imports the bare factory.
  const viaModule = await lastValueFrom(trainInWorker(nmfCdModule(options), doc).pipe(toArray()));
  t.deepEqual(withoutTime(viaModule), withoutTime(inThread));
});

test('a stop reaches a worker whose loop never yields (one slice for the whole run): it ends after the epoch under way', async (t) => {
  const maxEpochs = 100_000;
  // sliceMs so long that the worker never turns to its message queue before the last epoch: only the
  // shared stop flag, read at each epoch event, can end it early.
  const events = await stoppedAtEpoch2((stop) =>
    trainInWorker(nmfMuModule, X, { components: 4, init: 'random', maxEpochs, tol: 0, sliceMs: 1e9, stop }),
  );
  const result = events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  t.true(result.stopped);
  t.true(result.epochs < maxEpochs, `${result.epochs} epochs`);
  // Without a stop the worker is given no flag, and trains as before.
  const plain = await lastValueFrom(
    trainInWorker(nmfMuModule, X, { components: 4, maxEpochs: 5, sliceMs: 1e9 }),
  );
  t.is((plain as ResultEvent).epochs, 5);
});
