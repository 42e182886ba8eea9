import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { ignoreElements, timer } from 'rxjs';
import { ensureDocumentStream, natsDocuments, publishDocuments, startNatsServer } from './index.js';
import { eventually, natsAvailable } from './internal/testServer.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;

test('a server that goes away and comes back: the source resumes and every document is processed', async (t) => {
  const storeDir = mkdtempSync(join(tmpdir(), 'rivulet-restart-'));
  let server = await startNatsServer({ storeDir });
  const port = Number(new URL(server.url).port);
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  try {
    const layout = await ensureDocumentStream(nc, { stream: 'RESTART', ackWaitMs: 1000 });
    const n = 600;
    await publishDocuments(
      nc,
      layout.subject,
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, text: `text ${i}` })),
      { batchSize: 5 },
    );
    const seen = new Set<string>();
    const errors: unknown[] = [];
    const sub = natsDocuments(nc, { stream: 'RESTART', pullSize: 2 }, (docs) => {
      for (const d of docs) seen.add(d.id);
      return timer(3).pipe(ignoreElements());
    }).subscribe({ error: (e) => errors.push(e) });
    await eventually(t, () => seen.size >= 100, '100 documents');
    await server.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    server = await startNatsServer({ storeDir, port });
    await eventually(
      t,
      () => seen.size === n || errors.length > 0,
      'every document after the restart',
      90_000,
    );
    sub.unsubscribe();
    t.deepEqual(errors, []);
    t.is(seen.size, n);
  } finally {
    await nc.close();
    await server.stop();
  }
});

test('a slow stage holds at most pullSize messages: the rest stay in the stream for other workers', async (t) => {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url });
  try {
    const layout = await ensureDocumentStream(nc, { stream: 'SLOW', ackWaitMs: 5000 });
    await publishDocuments(
      nc,
      layout.subject,
      Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, text: 'x' })),
      { batchSize: 1 },
    );
    let handled = 0;
    const sub = natsDocuments(nc, { stream: 'SLOW', pullSize: 3 }, () => {
      handled++;
      return timer(200).pipe(ignoreElements());
    }).subscribe();
    const jsm = await jetstream(nc).jetstreamManager();
    let maxOutstanding = 0;
    await eventually(
      t,
      async () => {
        const info = await jsm.consumers.info('SLOW', layout.consumer);
        maxOutstanding = Math.max(maxOutstanding, info.num_ack_pending);
        return handled >= 6;
      },
      'six slow steps',
    );
    sub.unsubscribe();
    t.true(maxOutstanding <= 3, `outstanding ${maxOutstanding}`);
    t.true(maxOutstanding >= 1);
  } finally {
    await nc.close();
    await server.stop();
  }
});
