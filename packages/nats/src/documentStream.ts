import { AckPolicy, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { integerOption, invalidOption, knownOptions, oneOfOption } from '@rivulet/core';
import { deadLetterSubjectOf } from './natsDocuments.js';
import { natsError } from './natsError.js';

const STAGE = 'ensureDocumentStream';

/** Options of {@link ensureDocumentStream}. */
export interface DocumentStreamOptions {
  /** Stream name, e.g. `DOCS`. Letters, digits, `-` and `_`. */
  readonly stream: string;
  /** Subjects the stream stores. Default `[<stream>.docs]` in lower case. */
  readonly subjects?: readonly string[];
  /** Durable pull consumer shared by all workers. Default `workers`. */
  readonly consumer?: string;
  /** How long a delivered message may stay unacknowledged before redelivery. Default 30000 ms. */
  readonly ackWaitMs?: number;
  /** Deliveries of one message before it goes to the dead-letter subject. Default 5. */
  readonly maxDeliver?: number;
  /**
   * Messages delivered and not yet acknowledged, summed over ALL workers of the consumer (a JetStream
   * consumer setting, not a per-worker one). Default 1000.
   */
  readonly maxAckPending?: number;
  /** Replicas of the stream (1, or 3 on a three-node cluster). Default 1. */
  readonly replicas?: number;
  /** `file` (default; survives a server restart) or `memory`. */
  readonly storage?: 'file' | 'memory';
}

/** What {@link ensureDocumentStream} set up. */
export interface DocumentStream {
  readonly stream: string;
  /** The subject publishers write to (the first of `subjects`). */
  readonly subject: string;
  readonly consumer: string;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  /** Where messages given up on go (kept in the stream `<stream>_DEAD`). */
  readonly deadLetterSubject: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** Checks a stream or consumer name: JetStream refuses `.`, `*`, `>` and spaces in names. */
export function checkName(stage: string, parameter: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    invalidOption(stage, parameter, 'a name of letters, digits, "-" and "_"', value);
  }
  return value;
}

/**
 * Creates (or updates) a work-queue stream of documents and its one durable pull consumer with explicit
 * acknowledgements — the layout {@link natsDocuments} reads and {@link publishDocuments} writes. A
 * work-queue stream removes a message once a worker acknowledges it and accepts exactly one consumer;
 * every worker process pulls from that same consumer, so JetStream spreads messages among them.
 *
 * @example
 * ```ts
 * const layout = await ensureDocumentStream(nc, { stream: 'DOCS', ackWaitMs: 5000 });
 * await publishDocuments(nc, layout.subject, readJsonl('corpus.jsonl'));
 * ```
 */
export async function ensureDocumentStream(
  connection: NatsConnection,
  options: DocumentStreamOptions,
): Promise<DocumentStream> {
  knownOptions(STAGE, options, [
    'stream',
    'subjects',
    'consumer',
    'ackWaitMs',
    'maxDeliver',
    'maxAckPending',
    'replicas',
    'storage',
  ]);
  const stream = checkName(STAGE, 'stream', options.stream);
  const consumer = checkName(STAGE, 'consumer', options.consumer ?? 'workers');
  const subjects = options.subjects ?? [`${stream.toLowerCase()}.docs`];
  if (
    !Array.isArray(subjects) ||
    subjects.length === 0 ||
    subjects.some((s) => typeof s !== 'string' || s === '')
  ) {
    invalidOption(STAGE, 'subjects', 'a non-empty array of subjects', subjects);
  }
  const ackWaitMs = integerOption(STAGE, 'ackWaitMs', options.ackWaitMs ?? 30_000, {
    min: 100,
    max: 86_400_000,
  });
  const maxDeliver = integerOption(STAGE, 'maxDeliver', options.maxDeliver ?? 5, { min: 1, max: 1000 });
  const maxAckPending = integerOption(STAGE, 'maxAckPending', options.maxAckPending ?? 1000, {
    min: 1,
    max: 1_000_000,
  });
  const replicas = integerOption(STAGE, 'replicas', options.replicas ?? 1, { min: 1, max: 5 });
  const storage = oneOfOption(STAGE, 'storage', options.storage ?? 'file', ['file', 'memory'] as const);
  try {
    const jsm = await jetstreamManager(connection);
    const config = {
      name: stream,
      subjects: [...subjects],
      retention: RetentionPolicy.Workqueue,
      storage: storage === 'file' ? StorageType.File : StorageType.Memory,
      num_replicas: replicas,
    };
    const existing = await jsm.streams.info(stream).catch(() => undefined);
    if (existing === undefined) await jsm.streams.add(config);
    else await jsm.streams.update(stream, { ...existing.config, subjects: [...subjects] });
    // Dead letters are kept in a stream of their own, so that a message given up on is stored, not lost.
    const dead = `${stream}_DEAD`;
    if ((await jsm.streams.info(dead).catch(() => undefined)) === undefined) {
      await jsm.streams.add({
        name: dead,
        subjects: [deadLetterSubjectOf(stream)],
        storage: StorageType.File,
        num_replicas: replicas,
      });
    }
    const consumerConfig = {
      durable_name: consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ackWaitMs * 1_000_000,
      max_deliver: maxDeliver,
      max_ack_pending: maxAckPending,
    };
    const known = await jsm.consumers.info(stream, consumer).catch(() => undefined);
    if (known === undefined) await jsm.consumers.add(stream, consumerConfig);
    else await jsm.consumers.update(stream, consumer, consumerConfig);
  } catch (error) {
    throw natsError(STAGE, `cannot set up stream ${JSON.stringify(stream)}`, error);
  }
  return {
    stream,
    subject: subjects[0],
    consumer,
    ackWaitMs,
    maxDeliver,
    deadLetterSubject: deadLetterSubjectOf(stream),
  };
}
