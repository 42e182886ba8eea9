import { type JsMsg, jetstream } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import {
  integerOption,
  invalidOption,
  knownOptions,
  oneOfOption,
  RivuletError,
  type TextDocument,
} from '@rivulet/core';
import { parseJsonlText } from '@rivulet/sources';
import { from, Observable, type ObservableInput, type Subscription } from 'rxjs';
import { checkName } from './documentStream.js';
import { natsError } from './natsError.js';

const STAGE = 'natsDocuments';

/** A message left out of processing under `onError: 'skip'` (or sent to the dead-letter subject). */
export interface SkippedMessage {
  /** The stream sequence of the message. */
  readonly seq: number;
  /** How many times it has been delivered, this delivery included. */
  readonly deliveries: number;
  readonly reason: string;
  /** True when it went to the dead-letter subject (its deliveries reached the consumer's `max_deliver`). */
  readonly deadLettered: boolean;
}

/** The message whose documents a `process` call handles. */
export interface DeliveredMessage {
  readonly seq: number;
  readonly deliveries: number;
  readonly subject: string;
  /** Tells the server the work goes on, resetting the message's ack timer (called for you every ackWait/3). */
  working(): void;
  /**
   * Hands the message back instead of acknowledging it once `process` completes: it is redelivered (to
   * any worker) after `delayMs` (default 0). A requeue counts as a delivery; on the consumer's last
   * allowed delivery the message goes to the dead-letter subject instead, never dropped.
   */
  requeue(delayMs?: number): void;
}

/** Options of {@link natsDocuments}. */
export interface NatsDocumentsOptions {
  /** The stream and its durable pull consumer, as set up by {@link ensureDocumentStream}. */
  readonly stream: string;
  /** Default `workers`. */
  readonly consumer?: string;
  /** Text and id fields of each JSON line. Defaults `text` and `id`. */
  readonly textField?: string;
  readonly idField?: string;
  /**
   * When `process` fails (or a message is malformed): `'stop'` (default) hands the message back (`nak`)
   * and ends the stream with the error; `'skip'` reports it to `onSkip`, hands it back for a later retry
   * after `retryDelayMs`, and goes on with the next message.
   */
  readonly onError?: 'stop' | 'skip';
  readonly onSkip?: (skipped: SkippedMessage) => void;
  /** Delay before a failed message is redelivered under `'skip'`. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /**
   * Where a message goes once it failed on its last allowed delivery (the consumer's `max_deliver`), with
   * headers naming its stream, sequence, deliveries and the reason. Default `rivulet.dead.<stream>`
   * ({@link ensureDocumentStream} keeps such messages in a stream `<stream>_DEAD`).
   */
  readonly deadLetterSubject?: string;
  /** Messages fetched per pull request. They wait unacknowledged (their ack timers kept alive). Default 8. */
  readonly pullSize?: number;
  /** Complete once no message has arrived for this long. Default: never (a long-running worker). */
  readonly idleMs?: number;
  /** Graceful stop: finish (and acknowledge) the message in hand, hand back the fetched ones, complete. */
  readonly signal?: AbortSignal;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A JetStream pull-consumer source with at-least-once processing. It fetches document messages (one or
 * more `{"id","text"}` JSON lines each) and calls `process(documents, message)` for one message at a
 * time, emitting what it emits; the message is acknowledged (and confirmed by the server) only when the
 * Observable or Promise `process` returned has completed, and the next message is taken only then — so
 * the source runs at the pace of the stages downstream, however slow. While `process` runs, the
 * message's ack timer is reset every `ackWait / 3` (`working()`), so long steps are not redelivered.
 *
 * A worker that dies mid-message loses nothing: its unacknowledged messages are redelivered to the other
 * workers after the consumer's `ack_wait`. A message may therefore be processed more than once (the
 * delivery count is in `message.deliveries`); make results idempotent by document id.
 *
 * Malformed messages (not UTF-8, not JSON lines of documents) and failing `process` calls follow
 * `onError`; a message that fails on its last allowed delivery is published to the dead-letter subject
 * (and then acknowledged), never silently dropped. Unsubscribing hands every held message back at once.
 *
 * @example
 * ```ts
 * natsDocuments(nc, { stream: 'DOCS' }, (docs) => of(docs.length)).subscribe((n) => console.log(n));
 * ```
 */
export function natsDocuments<R>(
  connection: NatsConnection,
  options: NatsDocumentsOptions,
  process: (documents: TextDocument[], message: DeliveredMessage) => ObservableInput<R>,
): Observable<R> {
  return new Observable<R>((subscriber) => {
    let settings: ReturnType<typeof resolve>;
    try {
      settings = resolve(options);
      if (typeof process !== 'function') invalidOption(STAGE, 'process', 'a function', process);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const {
      stream,
      consumerName,
      onError,
      onSkip,
      retryDelayMs,
      deadLetterSubject,
      pullSize,
      idleMs,
      signal,
    } = settings;
    const js = jetstream(connection);
    const queue: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let fetching: { stop(): void } | undefined;
    let fetchDone = true;
    let inner: Subscription | undefined;
    let current: JsMsg | undefined;
    let closed = false;
    let touch: ReturnType<typeof setInterval> | undefined;
    let cancelInner: (() => void) | undefined;

    const handBack = () => {
      for (const message of queue.splice(0)) message.nak();
      fetching?.stop();
    };
    const finish = (error?: unknown) => {
      if (closed) return;
      closed = true;
      if (touch) clearInterval(touch);
      handBack();
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    const stopping = () => closed || subscriber.closed || signal?.aborted === true;

    const next = async (): Promise<JsMsg | undefined> => {
      for (;;) {
        const message = queue.shift();
        if (message !== undefined) return message;
        if (fetchDone) return undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    };

    const run = async () => {
      const consumer = await js.consumers.get(stream, consumerName).catch((error: unknown) => {
        throw natsError(
          STAGE,
          `cannot open consumer ${JSON.stringify(consumerName)} of stream ${JSON.stringify(stream)}`,
          error,
        );
      });
      const info = await consumer.info().catch((error: unknown) => {
        throw natsError(STAGE, `cannot read consumer ${JSON.stringify(consumerName)}`, error);
      });
      const ackWaitMs = Math.max(1, Math.round((info.config.ack_wait ?? 30_000_000_000) / 1_000_000));
      const maxDeliver =
        (info.config.max_deliver ?? -1) > 0 ? (info.config.max_deliver as number) : Number.POSITIVE_INFINITY;
      touch = setInterval(
        () => {
          current?.working();
          for (const message of queue) message.working();
        },
        Math.max(50, Math.floor(ackWaitMs / 3)),
      );
      let lastMessageAt = Date.now();
      while (!stopping()) {
        if (queue.length === 0 && fetchDone) {
          // A pull request cannot be withdrawn: after a stop it lingers on the server until it expires, and a
          // message routed to it meanwhile waits out ack_wait before redelivery. Keep it short.
          const expires = Math.max(1000, Math.min(5000, idleMs ?? 5000));
          let batch: Awaited<ReturnType<typeof consumer.fetch>>;
          try {
            batch = await consumer.fetch({ max_messages: pullSize, expires });
          } catch (error) {
            // The server may be restarting or electing a leader: retry until the connection itself is closed.
            if (connection.isClosed()) throw natsError(STAGE, 'the connection closed', error);
            await new Promise((resolve) => setTimeout(resolve, 250));
            continue;
          }
          fetching = batch;
          fetchDone = false;
          void (async () => {
            try {
              for await (const message of batch) {
                if (stopping()) message.nak();
                else queue.push(message);
                wake?.();
              }
            } catch {
              // Missed heartbeats or a lost connection end this pull; the loop pulls again (or ends, if closed).
            } finally {
              fetchDone = true;
              wake?.();
            }
          })();
        }
        const message = await next();
        if (message === undefined) {
          if (connection.isClosed()) throw new RivuletError('io', STAGE, 'the connection closed');
          if (idleMs !== undefined && Date.now() - lastMessageAt >= idleMs) break;
          continue;
        }
        lastMessageAt = Date.now();
        if (stopping()) {
          message.nak();
          continue;
        }
        current = message;
        const outcome = await handle(message, maxDeliver);
        current = undefined;
        if (outcome !== undefined) throw outcome;
      }
    };

    /** Processes one message; resolves with the error that must end the stream, if any. */
    const handle = async (message: JsMsg, maxDeliver: number): Promise<unknown> => {
      const deliveries = message.info.deliveryCount ?? 1;
      let documents: TextDocument[];
      try {
        let text: string;
        try {
          text = decoder.decode(message.data);
        } catch {
          throw new RivuletError(
            'invalid-input',
            STAGE,
            `${stream}#${message.seq}: the message is not UTF-8 text`,
          );
        }
        documents = parseJsonlText(STAGE, `${stream}#${message.seq}`, text, settings.fields);
      } catch (error) {
        return failed(message, deliveries, maxDeliver, error);
      }
      let requeueDelay: number | undefined;
      const delivered: DeliveredMessage = {
        seq: message.seq,
        deliveries,
        subject: message.subject,
        working: () => message.working(),
        requeue: (delayMs = 0) => {
          requeueDelay = integerOption(STAGE, 'delayMs', delayMs, { min: 0 });
        },
      };
      const error = await new Promise<unknown>((resolve) => {
        cancelInner = () => resolve(undefined);
        try {
          inner = from(process(documents, delivered)).subscribe({
            next: (value) => subscriber.next(value),
            error: resolve,
            complete: () => resolve(undefined),
          });
        } catch (thrown) {
          resolve(thrown);
        }
      });
      inner = undefined;
      cancelInner = undefined;
      if (subscriber.closed) return undefined;
      if (error !== undefined) return failed(message, deliveries, maxDeliver, error);
      if (subscriber.closed) return undefined;
      if (requeueDelay !== undefined) {
        if (deliveries < maxDeliver) {
          message.nak(requeueDelay);
          return undefined;
        }
        const reason = new RivuletError(
          'invalid-input',
          STAGE,
          `${stream}#${message.seq}: requeued on its last allowed delivery (${deliveries})`,
        );
        const outcome = await failed(message, deliveries, maxDeliver, reason);
        return onError === 'stop' && outcome === reason ? undefined : outcome;
      }
      // A confirmed ack: only once the server has it is the message done for this worker.
      await message.ackAck().catch(() => false);
      return undefined;
    };

    const failed = async (message: JsMsg, deliveries: number, maxDeliver: number, error: unknown) => {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/[\r\n]+/g, ' ');
      const last = deliveries >= maxDeliver;
      if (last) {
        const h = natsHeaders();
        h.set('Rivulet-Stream', stream);
        h.set('Rivulet-Sequence', String(message.seq));
        h.set('Rivulet-Deliveries', String(deliveries));
        h.set('Rivulet-Reason', reason.slice(0, 1000));
        try {
          await js.publish(deadLetterSubject, message.data, {
            headers: h,
            msgID: `${stream}-${message.seq}`,
          });
        } catch (publishError) {
          message.nak(retryDelayMs);
          return natsError(
            STAGE,
            `cannot publish message ${stream}#${message.seq} to the dead-letter subject ${JSON.stringify(deadLetterSubject)}`,
            publishError,
          );
        }
        await message.ackAck().catch(() => false);
      } else {
        message.nak(onError === 'skip' ? retryDelayMs : 0);
      }
      if (onError === 'stop') return error;
      onSkip?.({ seq: message.seq, deliveries, reason, deadLettered: last });
      return undefined;
    };

    signal?.addEventListener(
      'abort',
      () => {
        for (const message of queue.splice(0)) message.nak();
        fetching?.stop();
        wake?.();
      },
      { once: true },
    );
    run().then(
      () => finish(),
      (error: unknown) => finish(error),
    );
    return () => {
      closed = true;
      if (touch) clearInterval(touch);
      inner?.unsubscribe();
      cancelInner?.();
      current?.nak();
      current = undefined;
      handBack();
      wake?.();
    };
  });
}

function resolve(options: NatsDocumentsOptions) {
  knownOptions(STAGE, options, [
    'stream',
    'consumer',
    'textField',
    'idField',
    'onError',
    'onSkip',
    'retryDelayMs',
    'deadLetterSubject',
    'pullSize',
    'idleMs',
    'signal',
  ]);
  const stream = checkName(STAGE, 'stream', options.stream);
  const consumerName = checkName(STAGE, 'consumer', options.consumer ?? 'workers');
  const onError = oneOfOption(STAGE, 'onError', options.onError ?? 'stop', ['stop', 'skip'] as const);
  if (options.onSkip !== undefined && typeof options.onSkip !== 'function') {
    invalidOption(STAGE, 'onSkip', 'a function', options.onSkip);
  }
  const retryDelayMs = integerOption(STAGE, 'retryDelayMs', options.retryDelayMs ?? 1000, { min: 0 });
  const deadLetterSubject = options.deadLetterSubject ?? deadLetterSubjectOf(stream);
  if (typeof deadLetterSubject !== 'string' || deadLetterSubject === '' || /[\s*>]/.test(deadLetterSubject)) {
    invalidOption(STAGE, 'deadLetterSubject', 'a subject without spaces or wildcards', deadLetterSubject);
  }
  const pullSize = integerOption(STAGE, 'pullSize', options.pullSize ?? 8, { min: 1, max: 10_000 });
  const idleMs =
    options.idleMs === undefined ? undefined : integerOption(STAGE, 'idleMs', options.idleMs, { min: 1 });
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    invalidOption(STAGE, 'signal', 'an AbortSignal', signal);
  return {
    stream,
    consumerName,
    onError,
    onSkip: options.onSkip,
    retryDelayMs,
    deadLetterSubject,
    pullSize,
    idleMs,
    signal,
    fields: { textField: options.textField, idField: options.idField },
  };
}

/** The default dead-letter subject of a document stream. */
export function deadLetterSubjectOf(stream: string): string {
  return `rivulet.dead.${stream}`;
}
