import {
  AckPolicy,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { integerOption, invalidOption, isRivuletError, knownOptions, RivuletError } from '@rivulet/core';
import { OnlineNmf } from '@rivulet/decomposition';
import { parseJsonlText } from '@rivulet/sources';
import { checkName } from '../documentStream.js';
import { NatsModelStore } from '../NatsModelStore.js';
import { natsError } from '../natsError.js';
import {
  checkpointFiles,
  LOG_LIMIT,
  readCheckpoint,
  SequenceSet,
  type TrainingProgress,
} from './checkpoint.js';
import { decodeStatistics, encodeFiller } from './statisticsMessage.js';
import {
  accepted,
  batchVectorizer,
  type DistributedNmfOptions,
  type DistributedNmfSettings,
  distributedNmfSettings,
  onlineNmfOptions,
  trainingNames,
} from './trainingSettings.js';

const STAGE = 'nmfCoordinator';

/** What the coordinator reports as it goes. */
export type CoordinatorEvent =
  | {
      readonly type: 'applied';
      readonly seq: number;
      readonly batch: number;
      readonly version: number;
      readonly staleness: number;
      readonly documents: number;
      readonly loss: number;
    }
  | {
      readonly type: 'rejected' | 'duplicate';
      readonly seq: number;
      readonly batch: number;
      readonly version: number;
    }
  | {
      readonly type: 'checkpoint';
      readonly version: number;
      readonly batches: number;
      readonly documents: number;
    }
  | { readonly type: 'malformed'; readonly seq: number; readonly reason: string };

/** Options of {@link runNmfCoordinator}. */
export interface NmfCoordinatorOptions {
  /** The model's name: its key in the model store, and the prefix of the statistics stream `<model>_STATS`. */
  readonly model: string;
  /** The training's settings, used when the store has no checkpoint of `model` yet (else they must match). */
  readonly training?: DistributedNmfOptions;
  /** Model store bucket (default `rivulet-models`) and replicas of everything created (default 1). */
  readonly bucket?: string;
  readonly replicas?: number;
  /** Checkpoint after this many statistics messages (async mode; default 32, at most `maxStaleness`) … */
  readonly checkpointEvery?: number;
  /** … or this many milliseconds since the last one with something new (default 30000). */
  readonly checkpointMs?: number;
  /** How long the statistics consumer waits for an acknowledgement (default 600000 ms: longer than checkpoints). */
  readonly ackWaitMs?: number;
  /** Stop (after a last checkpoint) once no statistics arrived for this long. Default: never. */
  readonly idleMs?: number;
  /** Graceful stop: finish the message in hand, checkpoint, return. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: CoordinatorEvent) => void;
}

/** What {@link runNmfCoordinator} returns when it stops. */
export interface CoordinatorSummary {
  readonly version: number;
  readonly batches: number;
  readonly documents: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly steps: number;
}

/** Without statistics for this long, the coordinator checkpoints what it applied (rounds: fills the round). */
const QUIET_MS = 2000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one coordinator of a distributed online NMF training (`rivulet coordinator`). It applies the
 * statistics workers publish to `<model>_STATS` in stream order with {@link OnlineNmf.applyStatistics} —
 * the same running sums and forget factor as a single process — and every `checkpointEvery` messages or
 * `checkpointMs` (in rounds mode: at the end of every round) stores H, its sums and the last applied
 * statistics sequence in the model store, moves the model's pointer by compare-and-set, and only then
 * acknowledges the statistics (AckAll). A restarted coordinator resumes from the checkpoint and skips every
 * message at or below its sequence, so each batch is applied exactly once; a batch id (the document
 * message's sequence) seen applied before is skipped too.
 *
 * On a first start it draws H from the first document message of the stream (as `OnlineNmf` draws it from
 * its first batch) and stores it as version 0, which the workers wait for.
 */
export async function runNmfCoordinator(
  connection: NatsConnection,
  options: NmfCoordinatorOptions,
): Promise<CoordinatorSummary> {
  knownOptions(STAGE, options, [
    'model',
    'training',
    'bucket',
    'replicas',
    'checkpointEvery',
    'checkpointMs',
    'ackWaitMs',
    'idleMs',
    'signal',
    'onEvent',
  ]);
  const model = checkName(STAGE, 'model', options.model);
  const replicas = integerOption(STAGE, 'replicas', options.replicas ?? 1, { min: 1, max: 5 });
  const checkpointEvery = integerOption(STAGE, 'checkpointEvery', options.checkpointEvery ?? 32, { min: 1 });
  const checkpointMs = integerOption(STAGE, 'checkpointMs', options.checkpointMs ?? 30_000, { min: 1 });
  const ackWaitMs = integerOption(STAGE, 'ackWaitMs', options.ackWaitMs ?? 600_000, { min: 1000 });
  const idleMs =
    options.idleMs === undefined ? undefined : integerOption(STAGE, 'idleMs', options.idleMs, { min: 1 });
  const { signal, onEvent } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    invalidOption(STAGE, 'signal', 'an AbortSignal', signal);
  const names = trainingNames(model);
  const store = await NatsModelStore.open(connection, { bucket: options.bucket, replicas });
  const js = jetstream(connection);
  let jsm: Awaited<ReturnType<typeof jetstreamManager>>;
  let objects: ObjectStore;
  try {
    jsm = await jetstreamManager(connection);
    objects = await new Objm(js).create(names.objects, { replicas });
  } catch (error) {
    throw natsError(STAGE, 'cannot reach JetStream', error);
  }

  // Resume from the checkpoint, or begin.
  let checkpoint = await readCheckpoint(STAGE, store, model, true);
  let settings: DistributedNmfSettings;
  if (checkpoint !== undefined) {
    settings = checkpoint.settings;
    if (options.training !== undefined) {
      const given = distributedNmfSettings(STAGE, options.training);
      if (JSON.stringify(given) !== JSON.stringify(settings)) {
        throw new RivuletError(
          'conflict',
          STAGE,
          `model ${JSON.stringify(model)} in the store was trained with other settings (${describeDifference(settings, given)}); resume without settings, or train a model of another name`,
          { parameter: 'training' },
        );
      }
    }
  } else {
    if (options.training === undefined) {
      throw new RivuletError(
        'invalid-option',
        STAGE,
        `the store has no model ${JSON.stringify(model)} yet, so the training settings (components, …) are needed`,
        {
          parameter: 'training',
        },
      );
    }
    settings = distributedNmfSettings(STAGE, options.training);
  }
  if (settings.mode === 'async' && settings.maxStaleness < checkpointEvery) {
    invalidOption(
      STAGE,
      'checkpointEvery',
      `at most maxStaleness (${settings.maxStaleness}), or workers' statistics would be refused between checkpoints`,
      checkpointEvery,
    );
  }
  const nmf = new OnlineNmf(onlineNmfOptions(settings), STAGE);
  let progress: TrainingProgress;
  let revision: number;
  await ensureStatsStream(jsm, names, replicas);
  if (checkpoint !== undefined) {
    nmf.restore(checkpoint.state);
    progress = checkpoint.progress;
    revision = checkpoint.revision;
    // Everything at or below the checkpoint is applied: drop it (it may not have been acknowledged).
    await jsm.streams.purge(names.statsStream, { seq: progress.lastSeq + 1 }).catch((error: unknown) => {
      throw natsError(STAGE, `cannot purge ${names.statsStream}`, error);
    });
  } else {
    await jsm.streams.purge(names.statsStream);
    const base = (await jsm.streams.info(names.statsStream)).state.last_seq;
    const first = await firstBatch(jsm, settings, signal);
    if (first === undefined)
      return { version: base, batches: 0, documents: 0, rejected: 0, duplicates: 0, steps: 0 };
    nmf.initialize(await batchVectorizer(settings)(first));
    progress = {
      format: 'rivulet-distributed-nmf-state/1',
      base,
      lastSeq: base,
      batches: 0,
      documents: 0,
      rejected: 0,
      duplicates: 0,
      fillers: 0,
      maxStaleness: 0,
      applied: [],
      log: [],
    };
    revision = 0;
  }
  const applied = new SequenceSet(progress.applied);
  const log = progress.log.slice();
  let { lastSeq, batches, documents, rejected, duplicates, fillers, maxStaleness } = progress;
  let malformed = progress.malformed ?? 0;
  const { base } = progress;
  const snapshot = (): TrainingProgress => ({
    format: 'rivulet-distributed-nmf-state/1',
    base,
    lastSeq,
    batches,
    documents,
    rejected,
    duplicates,
    fillers,
    malformed,
    maxStaleness,
    applied: applied.toJSON(),
    log: log.slice(-LOG_LIMIT),
  });
  const save = async () => {
    const state = nmf.state();
    const meta = { version: lastSeq, base, steps: state.steps, batches, documents, mode: settings.mode };
    try {
      const stored = await store.put(model, checkpointFiles(settings, state, snapshot()), {
        expectedRevision: revision,
        meta,
      });
      revision = stored.revision;
    } catch (error) {
      if (isRivuletError(error, 'conflict')) {
        throw new RivuletError(
          'conflict',
          STAGE,
          `another coordinator moved model ${JSON.stringify(model)}: only one may run (${error.message})`,
          { cause: error },
        );
      }
      throw error;
    }
    await store.prune(model, 2).catch(() => 0);
    onEvent?.({ type: 'checkpoint', version: lastSeq, batches, documents });
  };
  if (checkpoint === undefined) await save();
  checkpoint = undefined;

  // The statistics consumer, (re)created so that it starts right after the last message handled: the
  // coordinator reads strictly in stream order, and a message lost in flight (a pull request that expired
  // as it was delivered) would otherwise wait out ack_wait.
  const openConsumer = async () => {
    await jsm.consumers.delete(names.statsStream, names.consumer).catch(() => false);
    try {
      await jsm.consumers.add(names.statsStream, {
        durable_name: names.consumer,
        ack_policy: AckPolicy.All,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: lastSeq + 1,
        ack_wait: ackWaitMs * 1_000_000,
        max_ack_pending: -1,
      });
      return await js.consumers.get(names.statsStream, names.consumer);
    } catch (error) {
      throw natsError(STAGE, `cannot create the consumer of ${names.statsStream}`, error);
    }
  };
  let consumer = await openConsumer();
  let unacknowledged: JsMsg | undefined;
  let objectsToDelete: string[] = [];
  let pending = 0;
  let lastCheckpoint = Date.now();
  let lastMessage = Date.now();
  let filling = false;

  const commit = async () => {
    await save();
    pending = 0;
    lastCheckpoint = Date.now();
    if (unacknowledged !== undefined) await unacknowledged.ackAck().catch(() => false);
    unacknowledged = undefined;
    await jsm.streams.purge(names.statsStream, { seq: lastSeq + 1 }).catch(() => undefined);
    for (const name of objectsToDelete) await objects.delete(name).catch(() => undefined);
    objectsToDelete = [];
  };
  const roundEnd = () => base + Math.ceil((lastSeq - base) / settings.roundSize) * settings.roundSize;
  /** Rounds mode: completes the current round with fillers so that it can be checkpointed. */
  const fill = async () => {
    if (filling || (lastSeq - base) % settings.roundSize === 0) return;
    filling = true;
    const end = roundEnd();
    for (;;) {
      const ack = await js.publish(names.statsSubject, encodeFiller());
      if (ack.seq >= end) break;
    }
  };

  const handle = async (message: JsMsg) => {
    const seq = message.seq;
    if (seq <= lastSeq) return; // applied before a restart, or a redelivery
    unacknowledged = message;
    lastSeq = seq;
    pending++;
    let m: ReturnType<typeof decodeStatistics> | undefined;
    try {
      m = decodeStatistics(STAGE, `${names.statsStream}#${seq}`, message.data);
    } catch (error) {
      // Not a worker's (workers publish only well-formed statistics): skipped, counted and reported, so it
      // cannot block the training.
      malformed++;
      onEvent?.({ type: 'malformed', seq, reason: (error as Error).message });
    }
    if (m?.object !== undefined) objectsToDelete.push(m.object);
    if (m === undefined) {
      // counted above
    } else if (m.filler) fillers++;
    else if (!accepted(settings, base, seq, m.version)) {
      rejected++;
      onEvent?.({ type: 'rejected', seq, batch: m.batch, version: m.version });
    } else if (applied.has(m.batch)) {
      duplicates++;
      onEvent?.({ type: 'duplicate', seq, batch: m.batch, version: m.version });
    } else {
      let stats = m.statistics;
      if (stats === undefined) {
        const bytes = await objects.getBlob(m.object as string);
        if (bytes === null)
          throw new RivuletError('io', STAGE, `${names.statsStream}#${seq}: object ${m.object} is missing`);
        stats = decodeStatistics(STAGE, `object ${m.object}`, bytes).statistics;
        if (stats === undefined)
          throw new RivuletError('invalid-input', STAGE, `object ${m.object} holds no statistics`);
      }
      const loss = nmf.applyStatistics(stats);
      applied.add(m.batch);
      log.push([m.batch, m.version, seq]);
      if (log.length > 2 * LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
      const staleness = seq - 1 - m.version;
      if (staleness > maxStaleness) maxStaleness = staleness;
      batches++;
      documents += m.documents;
      onEvent?.({
        type: 'applied',
        seq,
        batch: m.batch,
        version: m.version,
        staleness,
        documents: m.documents,
        loss,
      });
    }
    if (settings.mode === 'rounds') {
      if ((lastSeq - base) % settings.roundSize === 0) {
        filling = false;
        await commit();
      }
    } else if (pending >= checkpointEvery || Date.now() - lastCheckpoint >= checkpointMs) await commit();
  };

  const stopping = () => signal?.aborted === true;
  while (true) {
    if (stopping() || (idleMs !== undefined && Date.now() - lastMessage >= idleMs)) {
      if (pending === 0) break;
      if (settings.mode === 'async') {
        await commit();
        break;
      }
      // Rounds mode: complete the round, then go on reading until its end is applied and checkpointed.
      await fill();
    }
    // Drained first, then handled: a checkpoint can take longer than the pull's heartbeats allow.
    const messages: JsMsg[] = [];
    try {
      const batch = await consumer.fetch({ max_messages: 256, expires: 1000 });
      for await (const message of batch) messages.push(message);
    } catch (error) {
      if (connection.isClosed()) throw natsError(STAGE, 'the connection closed', error);
      await wait(250);
    }
    let got = 0;
    for (const message of messages) {
      if (message.seq > lastSeq + 1) {
        // A gap: a message between was lost in flight. Start again right after the last one handled.
        consumer = await openConsumer();
        break;
      }
      got++;
      lastMessage = Date.now();
      await handle(message);
    }
    if (got === 0 && pending > 0 && Date.now() - lastMessage >= QUIET_MS) {
      // Quiet: checkpoint what is applied, so that workers get a fresh H (rounds: complete the round first).
      if (settings.mode === 'async') await commit();
      else await fill();
    }
  }
  return { version: lastSeq, batches, documents, rejected, duplicates, steps: nmf.steps };
}

async function ensureStatsStream(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  names: ReturnType<typeof trainingNames>,
  replicas: number,
): Promise<void> {
  try {
    if ((await jsm.streams.info(names.statsStream).catch(() => undefined)) === undefined) {
      await jsm.streams.add({
        name: names.statsStream,
        subjects: [names.statsSubject],
        // Limits, not work-queue: a work-queue stream takes explicit acks only, and the coordinator acks
        // all applied messages at once (AckAll); it purges what a checkpoint covers.
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: replicas,
        // A worker that published and died before acknowledging its documents: the document message is
        // redelivered and solved again; the same batch against the same H is dropped here by its message id.
        duplicate_window: 10 * 60 * 1_000_000_000,
      });
    }
  } catch (error) {
    throw natsError(STAGE, `cannot create the statistics stream ${names.statsStream}`, error);
  }
}

/** The documents of the first message of the document stream, waiting for one to arrive. */
async function firstBatch(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  settings: DistributedNmfSettings,
  signal: AbortSignal | undefined,
) {
  for (;;) {
    if (signal?.aborted) return undefined;
    let info: Awaited<ReturnType<typeof jsm.streams.info>>;
    try {
      info = await jsm.streams.info(settings.stream);
    } catch (error) {
      throw natsError(STAGE, `cannot read the document stream ${JSON.stringify(settings.stream)}`, error);
    }
    if (info.state.messages > 0) {
      const stored = await jsm.streams
        .getMessage(settings.stream, { seq: info.state.first_seq })
        .catch(() => null);
      if (stored !== null) {
        const text = new TextDecoder().decode(stored.data);
        const documents = parseJsonlText(STAGE, `${settings.stream}#${stored.seq}`, text);
        if (documents.length > 0) return documents;
      }
    }
    await wait(250);
  }
}

function describeDifference(stored: DistributedNmfSettings, given: DistributedNmfSettings): string {
  const out: string[] = [];
  const a = stored as unknown as Record<string, unknown>;
  const b = given as unknown as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      out.push(`${key}: stored ${JSON.stringify(a[key])}, given ${JSON.stringify(b[key])}`);
  }
  return out.join('; ').slice(0, 500);
}
