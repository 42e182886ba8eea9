import { createServer } from 'node:net';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { ignoreElements, timer } from 'rxjs';
import {
  ensureDocumentStream,
  type NatsServer,
  natsDocuments,
  publishDocuments,
  startNatsServer,
} from './index.js';
import { eventually, natsAvailable } from './internal/testServer.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;

/** A port that was free a moment ago (cluster routes need ports known before the servers start). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

async function healthy(server: NatsServer): Promise<boolean> {
  try {
    const response = await fetch(`${server.monitorUrl}/healthz?js-enabled-only=true`);
    return response.ok;
  } catch {
    return false;
  }
}

test('a three-node JetStream cluster with replicas 3 keeps processing when a node is killed mid-stream', async (t) => {
  const routes = await Promise.all([freePort(), freePort(), freePort()]);
  const servers = await Promise.all(
    routes.map((port, i) =>
      startNatsServer({
        name: `n${i}`,
        cluster: {
          name: 'rivulet',
          port,
          routes: routes.filter((_, j) => j !== i).map((p) => `nats://127.0.0.1:${p}`),
        },
      }),
    ),
  );
  try {
    await eventually(
      t,
      async () => (await Promise.all(servers.map(healthy))).every(Boolean),
      'a healthy cluster',
      60_000,
    );
    const nc = await connect({
      servers: servers.map((s) => s.url),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    let layout: Awaited<ReturnType<typeof ensureDocumentStream>> | undefined;
    // The meta leader may still be electing: retry the stream creation for a while.
    await eventually(
      t,
      async () => {
        layout = await ensureDocumentStream(nc, { stream: 'CLU', replicas: 3, ackWaitMs: 2000 }).catch(
          () => undefined,
        );
        return layout !== undefined;
      },
      'the replicated stream',
      60_000,
    );
    const n = 2000;
    await publishDocuments(
      nc,
      layout!.subject,
      Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `text ${i}` })),
      { batchSize: 20 },
    );
    const seen = new Set<string>();
    const done = new Promise<void>((resolve, reject) => {
      const sub = natsDocuments(nc, { stream: 'CLU', pullSize: 2 }, (docs) => {
        for (const d of docs) seen.add(d.id);
        return timer(2).pipe(ignoreElements());
      }).subscribe({ error: reject });
      const poll = setInterval(() => {
        if (seen.size === n) {
          clearInterval(poll);
          sub.unsubscribe();
          resolve();
        }
      }, 20);
    });
    await eventually(t, () => seen.size >= 400, 'the first 400 documents', 60_000);
    // Whichever node the client is connected to, it reconnects to another and the stream has a quorum.
    await servers[1].kill('SIGKILL');
    await Promise.race([
      done,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`stalled at ${seen.size} of ${n}`)), 120_000),
      ),
    ]);
    t.is(seen.size, n);
    await nc.close();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});
