import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { isRivuletError, type TextDocument } from '@rivulet/core';
import anyTest, { type TestFn } from 'ava';
import { defer, from, lastValueFrom, of, take, timer, toArray } from 'rxjs';
import {
  ensureDocumentStream,
  natsDocuments,
  publishDocuments,
  type SkippedMessage,
  toNats,
} from './index.js';
import { eventually, natsAvailable, sharedServer } from './internal/testServer.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;
const server = sharedServer(test);

let streams = 0;
async function setUp(ackWaitMs = 1000, maxDeliver = 3) {
  const nc = await connect({ servers: server.get().url });
  const stream = `DOCS${++streams}`;
  const layout = await ensureDocumentStream(nc, { stream, ackWaitMs, maxDeliver });
  return { nc, layout };
}

const docs = (n: number, from = 0): TextDocument[] =>
  Array.from({ length: n }, (_, i) => ({ id: `d${from + i}`, text: `document number ${from + i}` }));

const raw = (nc: NatsConnection, subject: string, body: string) =>
  jetstream(nc).publish(subject, new TextEncoder().encode(body));

test('every published document is processed once, in messages of batchSize, and acknowledged', async (t) => {
  const { nc, layout } = await setUp();
  const summary = await publishDocuments(nc, layout.subject, docs(250), { batchSize: 100 });
  t.deepEqual(summary, { documents: 250, messages: 3, duplicates: 0 });
  const seen = await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, idleMs: 1000 }, (batch) => of(batch.map((d) => d.id))).pipe(
      toArray(),
    ),
  );
  t.deepEqual(
    seen.map((b) => b.length),
    [100, 100, 50],
  );
  t.deepEqual(
    seen.flat(),
    docs(250).map((d) => d.id),
  );
  const info = await (await jetstream(nc).streams.get(layout.stream)).info();
  t.is(info.state.messages, 0, 'acknowledged messages leave the work queue');
  await nc.close();
});

test('a message is acknowledged only when process has completed: a stage that never finishes loses nothing', async (t) => {
  const { nc, layout } = await setUp(1000);
  await publishDocuments(nc, layout.subject, docs(10), { batchSize: 5 });
  // The first worker takes a message and never completes; then it is unsubscribed (a dying worker).
  const stuck = natsDocuments(nc, { stream: layout.stream, pullSize: 1 }, () => timer(60_000)).subscribe();
  await new Promise((resolve) => setTimeout(resolve, 300));
  stuck.unsubscribe();
  const seen = await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, idleMs: 1500 }, (batch) => of(batch)).pipe(toArray()),
  );
  t.deepEqual(
    seen
      .flat()
      .map((d) => d.id)
      .sort(),
    docs(10)
      .map((d) => d.id)
      .sort(),
  );
  await nc.close();
});

test('working() keeps a step longer than ack_wait from being redelivered', async (t) => {
  const { nc, layout } = await setUp(1500);
  await publishDocuments(nc, layout.subject, docs(2), { batchSize: 1 });
  const deliveries: number[] = [];
  await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, idleMs: 1500, pullSize: 2 }, (_batch, message) => {
      deliveries.push(message.deliveries);
      return timer(4000); // 2.7 × ack_wait
    }).pipe(toArray()),
  );
  t.deepEqual(deliveries, [1, 1]);
  await nc.close();
});

test('malformed messages go to the dead-letter subject with their sequence after max_deliver, never dropped', async (t) => {
  const { nc, layout } = await setUp(1000, 2);
  await raw(nc, layout.subject, '{"id":"ok","text":"fine"}');
  const bad = await raw(nc, layout.subject, '{"id":"x","text": oops}');
  await raw(nc, layout.subject, '{"id":"late","text":"also fine"}');
  const skipped: SkippedMessage[] = [];
  const ids = await lastValueFrom(
    natsDocuments(
      nc,
      {
        stream: layout.stream,
        onError: 'skip',
        retryDelayMs: 50,
        idleMs: 1500,
        onSkip: (s) => skipped.push(s),
      },
      (batch) => of(...batch.map((d) => d.id)),
    ).pipe(toArray()),
  );
  t.deepEqual(ids, ['ok', 'late']);
  t.deepEqual(
    skipped.map((s) => [s.seq, s.deliveries, s.deadLettered]),
    [
      [bad.seq, 1, false],
      [bad.seq, 2, true],
    ],
  );
  t.regex(skipped[0].reason, new RegExp(`${layout.stream}#${bad.seq}:1: malformed JSON`));
  const dead = await (await jetstream(nc).streams.get(`${layout.stream}_DEAD`)).getMessage({ seq: 1 });
  t.is(dead?.header.get('Rivulet-Sequence'), String(bad.seq));
  t.is(dead?.header.get('Rivulet-Stream'), layout.stream);
  t.regex(dead?.header.get('Rivulet-Reason') ?? '', /malformed JSON/);
  t.is(new TextDecoder().decode(dead?.data), '{"id":"x","text": oops}');
  await nc.close();
});

test("onError 'stop': a failing stage ends the stream with its error and hands the message back", async (t) => {
  const { nc, layout } = await setUp(1000, 5);
  await publishDocuments(nc, layout.subject, docs(3), { batchSize: 1 });
  const error = await t.throwsAsync(
    lastValueFrom(
      natsDocuments(nc, { stream: layout.stream }, () => {
        throw new Error('stage broke');
      }),
    ),
  );
  t.is(error?.message, 'stage broke');
  const ids = await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, idleMs: 1200 }, (batch) => of(...batch)).pipe(toArray()),
  );
  // At least once: the handed-back messages all arrive again (a redelivery may repeat one).
  t.deepEqual([...new Set(ids.map((d) => d.id))].sort(), ['d0', 'd1', 'd2']);
  await nc.close();
});

test('a graceful stop finishes the message in hand, acknowledges it and completes', async (t) => {
  const { nc, layout } = await setUp();
  await publishDocuments(nc, layout.subject, docs(6), { batchSize: 1 });
  const controller = new AbortController();
  const seen = await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, signal: controller.signal, pullSize: 3 }, (batch) =>
      defer(async () => {
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return batch[0].id;
      }),
    ).pipe(toArray()),
  );
  t.deepEqual(seen, ['d0']);
  const rest = await lastValueFrom(
    natsDocuments(nc, { stream: layout.stream, idleMs: 1200 }, (batch) => of(batch[0].id)).pipe(toArray()),
  );
  t.deepEqual(rest.sort(), ['d1', 'd2', 'd3', 'd4', 'd5']);
  await nc.close();
});

test('toNats publishes results as batches and a repeated message id is stored once', async (t) => {
  const { nc } = await setUp();
  const jsm = await jetstream(nc).jetstreamManager();
  await jsm.streams.add({ name: 'RESULTS', subjects: ['results'] });
  const receipts = await lastValueFrom(
    from(docs(7)).pipe(toNats(nc, 'results', { batchSize: 3, msgIdPrefix: 'run1' }), toArray()),
  );
  t.deepEqual(
    receipts.map((r) => r.items),
    [3, 3, 1],
  );
  const again = await lastValueFrom(
    from(docs(7)).pipe(toNats(nc, 'results', { batchSize: 3, msgIdPrefix: 'run1' }), toArray()),
  );
  t.true(again.every((r) => r.duplicate));
  t.is((await jsm.streams.info('RESULTS')).state.messages, 3);
  await nc.close();
});

test('toNats errors on a subject no stream stores, and refuses an item larger than a message', async (t) => {
  const { nc } = await setUp();
  const missing = await t.throwsAsync(
    lastValueFrom(from(docs(1)).pipe(toNats(nc, 'nowhere', { timeoutMs: 2000 }))),
  );
  t.true(isRivuletError(missing, 'io'));
  t.regex(missing?.message ?? '', /^toNats: publishing message .* to "nowhere"/);
  const jsm = await jetstream(nc).jetstreamManager();
  await jsm.streams.add({ name: 'BIG', subjects: ['big'] });
  const huge = await t.throwsAsync(
    lastValueFrom(of({ id: 'x', text: 'a'.repeat(2 * 1024 * 1024) }).pipe(toNats(nc, 'big'))),
  );
  t.true(isRivuletError(huge, 'limit'));
  t.regex(huge?.message ?? '', /item 1 is \d+ bytes as a line, more than a message may hold/);
  await nc.close();
});

test('options are checked with the usual messages', async (t) => {
  const { nc } = await setUp();
  const error = await t.throwsAsync(lastValueFrom(natsDocuments(nc, { stream: 'a.b' }, () => of(1))));
  t.is(error?.message, 'natsDocuments: stream must be a name of letters, digits, "-" and "_", got "a.b"');
  const pull = await t.throwsAsync(
    lastValueFrom(natsDocuments(nc, { stream: 'S', pullSize: 0 }, () => of(1))),
  );
  t.regex(pull?.message ?? '', /^natsDocuments: pullSize must be an integer/);
  await t.throwsAsync(ensureDocumentStream(nc, { stream: 'S', ackWaitMs: 5 }), {
    message: /^ensureDocumentStream: ackWaitMs must be an integer in \[100, 86400000\], got 5/,
  });
  await nc.close();
});

test('a long-running source takes documents published after it started', async (t) => {
  const { nc, layout } = await setUp();
  const seen: string[] = [];
  const sub = natsDocuments(nc, { stream: layout.stream }, (batch) => of(...batch.map((d) => d.id)))
    .pipe(take(4))
    .subscribe((id) => seen.push(id));
  await publishDocuments(nc, layout.subject, docs(4), { batchSize: 2 });
  await eventually(t, () => seen.length === 4, 'four documents');
  sub.unsubscribe();
  t.deepEqual(seen, ['d0', 'd1', 'd2', 'd3']);
  await nc.close();
});
