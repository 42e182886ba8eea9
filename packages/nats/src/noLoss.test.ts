import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { ensureDocumentStream, publishDocuments } from './index.js';
import { eventually, natsAvailable, sharedServer } from './internal/testServer.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;
const server = sharedServer(test);
const workerScript = fileURLToPath(new URL('./internal/testWorker.js', import.meta.url));

const lines = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

test('two worker processes, one killed with SIGKILL mid-stream: every document is processed, none lost', async (t) => {
  const nc = await connect({ servers: server.get().url });
  const layout = await ensureDocumentStream(nc, { stream: 'KILL', ackWaitMs: 1000, maxDeliver: 20 });
  const n = 3000;
  const ids = Array.from({ length: n }, (_, i) => `doc-${i}`);
  await publishDocuments(
    nc,
    layout.subject,
    ids.map((id) => ({ id, text: `text of ${id}` })),
    { batchSize: 10 },
  );
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-noloss-'));
  const outputs = [join(dir, 'a.txt'), join(dir, 'b.txt')];
  const workers = outputs.map((output) =>
    spawn(process.execPath, [workerScript, server.get().url, 'KILL', output, '3'], { stdio: 'inherit' }),
  );
  // Kill worker a once it has finished a few hundred documents: it holds fetched, unacknowledged messages.
  await eventually(t, () => lines(outputs[0]).length >= 300, 'worker a to process 300 documents', 60_000);
  workers[0].kill('SIGKILL');
  await exited(workers[0]);
  const killedAt = lines(outputs[0]).length;
  await eventually(
    t,
    () => new Set([...lines(outputs[0]), ...lines(outputs[1])]).size === n,
    'the surviving worker to finish every document',
    120_000,
  );
  workers[1].kill('SIGTERM');
  t.is(await exited(workers[1]), 0, 'SIGTERM is a graceful exit');
  const all = [...lines(outputs[0]), ...lines(outputs[1])];
  const union = new Set(all);
  t.deepEqual([...union].sort(), [...ids].sort());
  t.log(`${n} documents; worker a killed after ${killedAt}; ${all.length - union.size} processed twice`);
  await nc.close();
});
