import { jetstream, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { integerOption, invalidOption, knownOptions, RivuletError } from '@rivulet/core';
import { natsError } from './natsError.js';

/** Options of a JetStream batch publisher ({@link publishDocuments}, {@link toNats}). */
export interface BatchPublisherOptions<T = unknown> {
  /** Items per message (one JSON line each). Default 100. */
  readonly batchSize?: number;
  /** Published messages not yet acknowledged by the server; the publisher waits when this many are out. Default 64. */
  readonly maxPending?: number;
  /**
   * Prefix of each message's id (`Nats-Msg-Id` = `<prefix>-<n>`), which the server uses to drop a message
   * published twice within the stream's duplicate window (two minutes by default) — so a publisher that
   * retries after a lost acknowledgement, or restarts with the same prefix, does not store a batch twice.
   * Default: a random prefix per publisher.
   */
  readonly msgIdPrefix?: string;
  /** Turns an item into one line of text (no newline). Default `JSON.stringify`. */
  readonly serialize?: (item: T) => string;
  /** Milliseconds to wait for each acknowledgement. Default 10000. */
  readonly timeoutMs?: number;
}

/** One acknowledged message. */
export interface PublishReceipt {
  /** The stream sequence the server stored the message at. */
  readonly seq: number;
  /** Items in the message. */
  readonly items: number;
  /** True when the server had the message id already and did not store it again. */
  readonly duplicate: boolean;
}

export const PUBLISHER_OPTION_KEYS = [
  'batchSize',
  'maxPending',
  'msgIdPrefix',
  'serialize',
  'timeoutMs',
] as const;

const encoder = new TextEncoder();

/**
 * Packs items into JSON-lines messages and publishes them to a JetStream subject with message ids for
 * de-duplication, keeping at most `maxPending` publishes unacknowledged: `add` waits for a free slot, so
 * a caller that awaits it is held back to the server's pace. A message never exceeds the server's
 * `max_payload`: a batch is sent early when the next line would not fit, and a single line that cannot
 * fit is a `limit` error naming the item. The first failed publish is raised by the next `add`/`close`.
 */
export class BatchPublisher<T> {
  private readonly js;
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly prefix: string;
  private readonly serialize: (item: T) => string;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private lines: string[] = [];
  private bytes = 0;
  private count = 0;
  private sent = 0;
  private readonly pending = new Set<Promise<void>>();
  private failure: RivuletError | undefined;

  constructor(
    private readonly stage: string,
    connection: NatsConnection,
    private readonly subject: string,
    options: BatchPublisherOptions<T>,
    private readonly onReceipt: (receipt: PublishReceipt) => void = () => undefined,
  ) {
    knownOptions(stage, options, PUBLISHER_OPTION_KEYS);
    if (typeof subject !== 'string' || subject === '' || /[\s*>]/.test(subject)) {
      invalidOption(stage, 'subject', 'a subject without spaces or wildcards', subject);
    }
    this.batchSize = integerOption(stage, 'batchSize', options.batchSize ?? 100, { min: 1, max: 1_000_000 });
    this.maxPending = integerOption(stage, 'maxPending', options.maxPending ?? 64, { min: 1, max: 100_000 });
    this.timeoutMs = integerOption(stage, 'timeoutMs', options.timeoutMs ?? 10_000, { min: 1 });
    const prefix =
      options.msgIdPrefix ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    if (typeof prefix !== 'string' || prefix === '')
      invalidOption(stage, 'msgIdPrefix', 'a non-empty string', prefix);
    this.prefix = prefix;
    const serialize = options.serialize ?? ((item: T) => JSON.stringify(item));
    if (typeof serialize !== 'function') invalidOption(stage, 'serialize', 'a function', serialize);
    this.serialize = serialize;
    // Headers (the message id) and the subject share max_payload with the body; keep 1 KiB for them.
    this.maxBytes = Math.max(1024, (connection.info?.max_payload ?? 1024 * 1024) - 1024);
    this.js = jetstream(connection);
  }

  /** Messages published so far (acknowledged or not). */
  get messages(): number {
    return this.sent;
  }

  /** Adds one item; resolves once it is batched (and, if that filled a batch, once a publish slot was free). */
  async add(item: T): Promise<void> {
    this.raise();
    const line = this.serialize(item);
    if (typeof line !== 'string' || line.includes('\n')) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `item ${this.count + 1}: serialize must return one line of text`,
      );
    }
    const size = encoder.encode(line).length + 1;
    if (size > this.maxBytes) {
      throw new RivuletError(
        'limit',
        this.stage,
        `item ${this.count + 1} is ${size} bytes as a line, more than a message may hold (${this.maxBytes} bytes under the server's max_payload); raise max_payload in the server configuration or send smaller items`,
        { parameter: 'item' },
      );
    }
    if (this.bytes + size > this.maxBytes) await this.flush();
    this.lines.push(line);
    this.bytes += size;
    this.count++;
    if (this.lines.length >= this.batchSize) await this.flush();
  }

  /** Publishes the partial batch, if any (waiting for a free slot). */
  async flush(): Promise<void> {
    this.raise();
    if (this.lines.length === 0) return;
    while (this.pending.size >= this.maxPending) await Promise.race(this.pending);
    this.raise();
    const items = this.lines.length;
    const data = encoder.encode(this.lines.join('\n'));
    this.lines = [];
    this.bytes = 0;
    const msgID = `${this.prefix}-${++this.sent}`;
    const publish: Promise<void> = this.js
      .publish(this.subject, data, { msgID, timeout: this.timeoutMs })
      .then(
        (ack: PubAck) => this.onReceipt({ seq: ack.seq, items, duplicate: ack.duplicate }),
        (error: unknown) => {
          this.failure ??= natsError(
            this.stage,
            `publishing message ${msgID} to ${JSON.stringify(this.subject)}`,
            error,
          );
        },
      )
      .finally(() => this.pending.delete(publish));
    this.pending.add(publish);
  }

  /** Publishes what is left and waits for every acknowledgement; throws the first failure. */
  async close(): Promise<void> {
    await this.flush();
    while (this.pending.size > 0) await Promise.race(this.pending);
    this.raise();
  }

  private raise(): void {
    if (this.failure) throw this.failure;
  }
}
