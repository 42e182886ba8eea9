import { jetstream } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { integerOption, invalidOption, knownOptions, RivuletError } from '@rivulet/core';
import { OnlineNmf } from '@rivulet/decomposition';
import { DenseMatrix } from '@rivulet/linalg';
import { lastValueFrom, type Subscription } from 'rxjs';
import { checkName } from '../documentStream.js';
import { NatsModelStore } from '../NatsModelStore.js';
import { natsDocuments } from '../natsDocuments.js';
import { natsError } from '../natsError.js';
import { type Checkpoint, readCheckpoint, readMeta } from './checkpoint.js';
import { encodeReference, encodeStatistics } from './statisticsMessage.js';
import { accepted, batchVectorizer, onlineNmfOptions, trainingNames } from './trainingSettings.js';

const STAGE = 'nmfWorker';

/** One batch a worker finished. */
export interface WorkerEvent {
  /** The document message's sequence (the batch id). */
  readonly batch: number;
  readonly documents: number;
  /** The H version solved against and the statistics message's sequence. */
  readonly version: number;
  readonly seq: number;
  /** False: too stale, the documents were requeued (and solved again against a newer H later). */
  readonly accepted: boolean;
  /** The server had this batch's statistics already (an earlier delivery published them). */
  readonly duplicate: boolean;
  /** Statistics bytes, and whether they went through the object store. */
  readonly bytes: number;
  readonly stored: boolean;
}

/** Options of {@link runNmfWorker}. */
export interface NmfWorkerOptions {
  /** The model being trained (its coordinator's `model`). */
  readonly model: string;
  readonly bucket?: string;
  /** The document stream's consumer (default `workers`). */
  readonly consumer?: string;
  /** Document messages fetched at a time (default 2: batches are solved one by one, the rest wait). */
  readonly pullSize?: number;
  /** Stop once no document arrived for this long. Default: never. */
  readonly idleMs?: number;
  /** Graceful stop: the batch in hand is finished (or requeued), fetched ones handed back. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What {@link runNmfWorker} returns when it stops. */
export interface WorkerSummary {
  readonly batches: number;
  readonly documents: number;
  readonly requeued: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One worker of a distributed online NMF training (`rivulet worker`): it waits for the model's first
 * checkpoint, then pulls document messages (one message = one batch), vectorizes each batch as the
 * training's settings say (hashing, `alternateSign` off, or the fixed vocabulary), solves its W against the
 * cached H with {@link OnlineNmf.statistics}, and publishes the statistics (through the object store when
 * larger than `inlineLimit`) tagged with the batch id and H version, with a message id, so a redelivered
 * batch solved against the same H is a duplicate the server drops. Only once the server confirmed the
 * publish are the documents acknowledged — unless the publish acknowledgement's sequence shows the
 * statistics too stale for the coordinator (the same rule both sides evaluate), in which case the documents
 * are requeued and the worker waits for a newer H. A new checkpoint is loaded before the next batch.
 */
export async function runNmfWorker(
  connection: NatsConnection,
  options: NmfWorkerOptions,
): Promise<WorkerSummary> {
  knownOptions(STAGE, options, ['model', 'bucket', 'consumer', 'pullSize', 'idleMs', 'signal', 'onEvent']);
  const model = checkName(STAGE, 'model', options.model);
  const pullSize = integerOption(STAGE, 'pullSize', options.pullSize ?? 2, { min: 1, max: 1000 });
  const { signal, onEvent, idleMs } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    invalidOption(STAGE, 'signal', 'an AbortSignal', signal);
  const names = trainingNames(model);
  const store = await NatsModelStore.open(connection, { bucket: options.bucket });
  const js = jetstream(connection);

  // The first checkpoint (the coordinator writes it once the first documents are in the stream).
  let checkpoint: Checkpoint | undefined;
  while ((checkpoint = await readCheckpoint(STAGE, store, model, false)) === undefined) {
    if (signal?.aborted) return { batches: 0, documents: 0, requeued: 0 };
    await wait(250);
  }
  const { settings } = checkpoint;
  const base = checkpoint.progress.base;
  const vectorize = batchVectorizer(settings);
  let objects: ObjectStore;
  try {
    objects = await new Objm(js).create(names.objects);
  } catch (error) {
    throw natsError(STAGE, `cannot open the object store ${names.objects}`, error);
  }
  let version = -1;
  let nmf: OnlineNmf | undefined;
  const load = (c: Checkpoint) => {
    version = c.meta.version;
    const { components, columns, H } = c.state;
    nmf = new OnlineNmf(
      { ...onlineNmfOptions(settings), init: { H: new DenseMatrix(components, columns, H) } },
      STAGE,
    );
  };
  load(checkpoint);
  let latest = version;
  const watching: Subscription = store.watch(model).subscribe({
    next: (pointer) => {
      latest = Math.max(latest, readMeta(STAGE, model, pointer.meta).version);
    },
    error: () => undefined,
  });
  /** After a refused publish or a full round: no more batches against this H. */
  let exhausted = false;
  let batches = 0;
  let documents = 0;
  let requeued = 0;
  try {
    await lastValueFrom(
      natsDocuments(
        connection,
        { stream: settings.stream, consumer: options.consumer, pullSize, idleMs, signal },
        async (docs, message) => {
          while (exhausted && latest <= version) {
            if (signal?.aborted) {
              message.requeue();
              return;
            }
            await wait(20);
          }
          if (latest > version) {
            const fresh = await readCheckpoint(STAGE, store, model, false);
            if (fresh !== undefined && fresh.meta.version > version) load(fresh);
            exhausted = false;
          }
          const X = await vectorize(docs);
          const stats = (nmf as OnlineNmf).statistics(X);
          const tag = { batch: message.seq, version, documents: docs.length };
          let body = encodeStatistics(tag, stats);
          const bytes = body.length;
          const stored = bytes > settings.inlineLimit;
          if (stored) {
            const name = `${settings.stream}-${message.seq}-${version}`;
            await objects.putBlob({ name }, body).catch((error: unknown) => {
              throw natsError(STAGE, `cannot store the statistics of batch ${message.seq}`, error);
            });
            body = encodeReference(tag, name);
          }
          const ack = await js
            .publish(names.statsSubject, body, { msgID: `${settings.stream}-${message.seq}-${version}` })
            .catch((error: unknown) => {
              throw natsError(STAGE, `cannot publish the statistics of batch ${message.seq}`, error);
            });
          const ok = accepted(settings, base, ack.seq, version);
          if (!ok) {
            message.requeue();
            requeued++;
            exhausted = true;
          } else {
            batches++;
            documents += docs.length;
            if (settings.mode === 'rounds' && (ack.seq - base) % settings.roundSize === 0) exhausted = true;
          }
          onEvent?.({
            batch: message.seq,
            documents: docs.length,
            version,
            seq: ack.seq,
            accepted: ok,
            duplicate: ack.duplicate,
            bytes,
            stored,
          });
        },
      ),
      { defaultValue: undefined },
    );
  } catch (error) {
    if (error instanceof RivuletError) throw error;
    throw natsError(STAGE, 'the worker failed', error);
  } finally {
    watching.unsubscribe();
  }
  return { batches, documents, requeued };
}
