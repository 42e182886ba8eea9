import type { NatsConnection } from '@nats-io/transport-node';
import { invalidOption, type TextDocument } from '@rivulet/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { BatchPublisher, type BatchPublisherOptions, type PublishReceipt } from './BatchPublisher.js';

/** Counts reported by {@link publishDocuments}. */
export interface PublishSummary {
  readonly documents: number;
  readonly messages: number;
  /** Messages the server already had (same message id within its duplicate window). */
  readonly duplicates: number;
}

/** Options of {@link publishDocuments}. */
export interface PublishDocumentsOptions extends BatchPublisherOptions<TextDocument> {
  /** Called after each acknowledged message with the totals so far. */
  readonly onProgress?: (summary: PublishSummary) => void;
}

/**
 * Feeds a document stream: packs documents into JSON-lines messages of `batchSize` (`{"id","text"}` per
 * line, the format {@link natsDocuments} reads) and publishes them with server acknowledgements, at most
 * `maxPending` unacknowledged at a time — so reading the source is paced by the server. Pulls
 * `documents` (a file source such as `jsonlDocuments(path)`, any iterable or async iterable) one at a time.
 *
 * @example
 * ```ts
 * const layout = await ensureDocumentStream(nc, { stream: 'DOCS' });
 * const { documents } = await publishDocuments(nc, layout.subject, jsonlDocuments('corpus.jsonl'));
 * ```
 */
export async function publishDocuments(
  connection: NatsConnection,
  subject: string,
  documents: Iterable<TextDocument> | AsyncIterable<TextDocument>,
  options: PublishDocumentsOptions = {},
): Promise<PublishSummary> {
  const { onProgress, ...publisherOptions } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption('publishDocuments', 'onProgress', 'a function', onProgress);
  }
  let count = 0;
  let acknowledged = 0;
  let duplicates = 0;
  const publisher = new BatchPublisher<TextDocument>(
    'publishDocuments',
    connection,
    subject,
    {
      ...publisherOptions,
      serialize: publisherOptions.serialize ?? ((doc) => JSON.stringify({ id: doc.id, text: doc.text })),
    },
    (receipt) => {
      acknowledged++;
      if (receipt.duplicate) duplicates++;
      onProgress?.({ documents: count, messages: acknowledged, duplicates });
    },
  );
  for await (const document of documents) {
    await publisher.add(document);
    count++;
  }
  await publisher.close();
  return { documents: count, messages: publisher.messages, duplicates };
}

/**
 * A sink: publishes every value of the source (per-document results such as `{ id, topics, top_topic }`,
 * or any stage output) to a JetStream subject as JSON-lines batches with message ids, emitting one
 * {@link PublishReceipt} per acknowledged message and completing when all are acknowledged. At most
 * `maxPending` publishes are unacknowledged; values that arrive meanwhile wait in order. A failed publish
 * ends the stream on its error channel.
 *
 * RxJS cannot slow a push source, so behind a fast push source values queue in memory while the server
 * acknowledges; inside a {@link natsDocuments} `process` function (which pulls the next message only when
 * the previous one's work completed) the whole chain runs at the server's pace.
 *
 * @example
 * ```ts
 * results$.pipe(toNats(nc, 'results', { batchSize: 500 })).subscribe();
 * ```
 */
export function toNats<T>(
  connection: NatsConnection,
  subject: string,
  options: BatchPublisherOptions<T> = {},
): OperatorFunction<T, PublishReceipt> {
  return (source) =>
    new Observable<PublishReceipt>((subscriber) => {
      let publisher: BatchPublisher<T>;
      try {
        publisher = new BatchPublisher<T>('toNats', connection, subject, options, (receipt) =>
          subscriber.next(receipt),
        );
      } catch (error) {
        subscriber.error(error);
        return;
      }
      let chain: Promise<void> = Promise.resolve();
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        subscriber.error(error);
      };
      const upstream = source.subscribe({
        next: (value) => {
          chain = chain.then(() => (failed ? undefined : publisher.add(value))).catch(fail);
        },
        error: (error) => {
          chain = chain.then(() => fail(error));
        },
        complete: () => {
          chain = chain
            .then(() => publisher.close())
            .then(() => {
              if (!failed) subscriber.complete();
            })
            .catch(fail);
        },
      });
      return () => {
        failed = true;
        upstream.unsubscribe();
      };
    });
}
