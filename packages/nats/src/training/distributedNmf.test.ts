import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { TextDocument } from '@rivulet/core';
import { OnlineNmf, type OnlineNmfState, type OnlineNmfStatistics } from '@rivulet/decomposition';
import { Random } from '@rivulet/linalg';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import {
  batchVectorizer,
  distributedNmfSettings,
  encodeStatistics,
  ensureDocumentStream,
  NatsModelStore,
  onlineNmfOptions,
  publishDocuments,
  readCheckpoint,
} from '../index.js';
import { eventually, natsAvailable, sharedServer } from '../internal/testServer.js';
import type { DistributedNmfOptions } from './trainingSettings.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;
const server = sharedServer(test);
const script = fileURLToPath(new URL('../internal/testTraining.js', import.meta.url));

const TOPICS = [
  'river water flow bank current stream delta flood',
  'kernel process thread memory scheduler cache page',
  'market price trade stock share bond yield',
  'garden flower seed soil plant leaf root',
];

/** Synthetic documents mixing words of two of four topics, deterministic. */
function corpus(n: number, seed: number): TextDocument[] {
  const random = new Random(seed);
  const words = TOPICS.map((t) => t.split(' '));
  return Array.from({ length: n }, (_, i) => {
    const a = words[Math.floor(random.next() * 4)];
    const b = words[Math.floor(random.next() * 4)];
    const tokens = Array.from({ length: 12 }, () => {
      const w = random.next() < 0.7 ? a : b;
      return w[Math.floor(random.next() * w.length)];
    });
    return { id: `d${i}`, text: tokens.join(' ') };
  });
}

const processes: ChildProcess[] = [];
test.after.always(() => {
  for (const child of processes)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function start(role: 'coordinator' | 'worker', model: string, options: object = {}): ChildProcess {
  const child = spawn(process.execPath, [script, role, server.get().url, model, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  processes.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Publishes `documents` in messages of `perMessage`; returns each message's documents by stream sequence. */
async function feed(nc: NatsConnection, stream: string, documents: TextDocument[], perMessage: number) {
  const layout = await ensureDocumentStream(nc, { stream, ackWaitMs: 1000, maxDeliver: 200 });
  await publishDocuments(nc, layout.subject, documents, { batchSize: perMessage });
  const bySeq = new Map<number, TextDocument[]>();
  for (let i = 0; i < documents.length; i += perMessage)
    bySeq.set(i / perMessage + 1, documents.slice(i, i + perMessage));
  return bySeq;
}

async function progressOf(store: NatsModelStore, model: string) {
  const pointer = await store.current(model).catch(() => undefined);
  return (pointer?.meta ?? {}) as { documents?: number; batches?: number; version?: number };
}

function relative(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

/** The final checkpoint: every batch applied exactly once, the whole corpus counted once. */
async function finalCheckpoint(
  t: ExecutionContext,
  store: NatsModelStore,
  model: string,
  bySeq: Map<number, TextDocument[]>,
) {
  const checkpoint = await readCheckpoint('test', store, model, true);
  if (checkpoint === undefined) throw new Error('no checkpoint');
  const ids = checkpoint.progress.log.map(([batch]) => batch);
  t.is(new Set(ids).size, ids.length, 'no batch applied twice');
  t.deepEqual(
    [...ids].sort((a, b) => a - b),
    [...bySeq.keys()],
    'every batch applied',
  );
  t.deepEqual(checkpoint.progress.applied, [[1, bySeq.size]]);
  t.is(
    checkpoint.progress.documents,
    [...bySeq.values()].reduce((n, d) => n + d.length, 0),
  );
  return checkpoint;
}

test('rounds mode: coordinator SIGKILLed mid-stream and restarted; H equals one process running the same rounds, no batch applied twice', async (t) => {
  const nc = await connect({ servers: server.get().url });
  const store = await NatsModelStore.open(nc);
  const documents = corpus(480, 1);
  const bySeq = await feed(nc, 'ROUNDS', documents, 8); // 60 batches
  const training: DistributedNmfOptions = {
    stream: 'ROUNDS',
    components: 3,
    nFeatures: 1024,
    mode: 'rounds',
    roundSize: 3,
    seed: 7,
  };
  const options = { training };
  let coordinator = start('coordinator', 'rounds', options);
  const workers = [start('worker', 'rounds'), start('worker', 'rounds')];
  await eventually(
    t,
    async () => ((await progressOf(store, 'rounds')).batches ?? 0) >= 15,
    '15 batches applied',
    60_000,
  );
  coordinator.kill('SIGKILL');
  await exited(coordinator);
  const before = (await progressOf(store, 'rounds')).batches;
  await new Promise((resolve) => setTimeout(resolve, 500));
  coordinator = start('coordinator', 'rounds', options);
  await eventually(
    t,
    async () => (await progressOf(store, 'rounds')).documents === documents.length,
    'every document applied',
    120_000,
  );
  for (const child of [coordinator, ...workers]) child.kill('SIGTERM');
  for (const child of [coordinator, ...workers]) t.is(await exited(child), 0, 'SIGTERM is a graceful exit');
  const checkpoint = await finalCheckpoint(t, store, 'rounds', bySeq);

  // One process, the same rounds: each round's batches solved against the H the round began with, then applied in order.
  const settings = distributedNmfSettings('test', training);
  const vectorize = batchVectorizer(settings);
  const reference = new OnlineNmf(onlineNmfOptions(settings));
  reference.initialize(await vectorize(bySeq.get(1) as TextDocument[]));
  const log = checkpoint.progress.log;
  let rounds = 0;
  for (let i = 0; i < log.length; ) {
    let j = i;
    while (j < log.length && log[j][1] === log[i][1]) j++;
    const stats: OnlineNmfStatistics[] = [];
    for (const [batch] of log.slice(i, j))
      stats.push(reference.statistics(await vectorize(bySeq.get(batch) as TextDocument[])));
    for (const s of stats) reference.applyStatistics(s);
    rounds++;
    i = j;
  }
  t.true(rounds >= 60 / 3);
  const gap = relative(checkpoint.state.H, reference.state().H);
  t.true(gap <= 1e-12, `relative difference ${gap}`);
  t.log(
    `60 batches in ${rounds} rounds; killed after ${before} applied; ${checkpoint.progress.rejected} statistics refused (requeued), ${checkpoint.progress.duplicates} duplicates`,
  );
  await nc.close();
});

test('rounds of one with one worker: the distributed H is OnlineNmf.partialFit over the batches, bit for bit', async (t) => {
  const nc = await connect({ servers: server.get().url });
  const store = await NatsModelStore.open(nc);
  const documents = corpus(120, 2);
  const bySeq = await feed(nc, 'ONE', documents, 6);
  const training: DistributedNmfOptions = {
    stream: 'ONE',
    components: 2,
    nFeatures: 512,
    mode: 'rounds',
    roundSize: 1,
    seed: 3,
  };
  const coordinator = start('coordinator', 'one', { training });
  const worker = start('worker', 'one');
  await eventually(
    t,
    async () => (await progressOf(store, 'one')).documents === documents.length,
    'every document applied',
    120_000,
  );
  worker.kill('SIGTERM');
  t.is(await exited(worker), 0);
  // Statistics of batch 1 published again, as a worker that died before acknowledging its documents and
  // whose batch was solved again against a newer H would: accepted by the staleness rule, skipped as a
  // batch already applied.
  const settings = distributedNmfSettings('test', training);
  const vectorize = batchVectorizer(settings);
  const latest = await readCheckpoint('test', store, 'one', false);
  const solver = new OnlineNmf(onlineNmfOptions(settings));
  solver.restore({
    ...(latest?.state as OnlineNmfState),
    B: new Float64Array(latest?.state.H.length ?? 0).fill(1),
  });
  const again = encodeStatistics(
    { batch: 1, version: latest?.meta.version ?? 0, documents: 6 },
    solver.statistics(await vectorize(bySeq.get(1) as TextDocument[])),
  );
  await jetstream(nc).publish('rivulet.stats.one', again);
  await eventually(
    t,
    async () => (await readCheckpoint('test', store, 'one', false))?.progress.duplicates === 1,
    'the repeated batch to be skipped',
  );
  coordinator.kill('SIGTERM');
  t.is(await exited(coordinator), 0);
  const checkpoint = await finalCheckpoint(t, store, 'one', bySeq);
  const reference = new OnlineNmf(onlineNmfOptions(settings));
  t.is(checkpoint.progress.log[0][0], 1, 'the first batch is the one H was drawn from');
  for (const [batch] of checkpoint.progress.log)
    reference.partialFit(await vectorize(bySeq.get(batch) as TextDocument[]));
  t.deepEqual(checkpoint.state.H, reference.state().H);
  t.is(checkpoint.state.steps, bySeq.size);
  await nc.close();
});

test('async mode, statistics through the object store: a worker SIGKILLed mid-stream loses no document, none is applied twice', async (t) => {
  const nc = await connect({ servers: server.get().url });
  const store = await NatsModelStore.open(nc);
  const documents = corpus(600, 3);
  const bySeq = await feed(nc, 'ASYNC', documents, 10);
  const training: DistributedNmfOptions = {
    stream: 'ASYNC',
    components: 3,
    nFeatures: 2048,
    mode: 'async',
    maxStaleness: 8,
    inlineLimit: 0,
  };
  const coordinator = start('coordinator', 'async', { training, checkpointEvery: 4, checkpointMs: 500 });
  const workers = [start('worker', 'async'), start('worker', 'async')];
  // Something that is not a worker's statistics on the statistics subject is skipped and counted.
  await eventually(
    t,
    async () => (await progressOf(store, 'async')).version !== undefined,
    'the first checkpoint',
    60_000,
  );
  await jetstream(nc).publish('rivulet.stats.async', new TextEncoder().encode('not statistics'));
  await eventually(
    t,
    async () => ((await progressOf(store, 'async')).batches ?? 0) >= 12,
    '12 batches applied',
    60_000,
  );
  workers[0].kill('SIGKILL');
  await exited(workers[0]);
  await eventually(
    t,
    async () => (await progressOf(store, 'async')).documents === documents.length,
    'every document applied',
    120_000,
  );
  coordinator.kill('SIGTERM');
  workers[1].kill('SIGTERM');
  t.is(await exited(coordinator), 0);
  t.is(await exited(workers[1]), 0);
  const checkpoint = await finalCheckpoint(t, store, 'async', bySeq);
  t.true(checkpoint.progress.maxStaleness <= 8);
  t.is(checkpoint.progress.malformed, 1);
  t.log(
    `${checkpoint.progress.rejected} refused as stale, ${checkpoint.progress.duplicates} duplicates, largest staleness ${checkpoint.progress.maxStaleness}`,
  );
  await nc.close();
});
