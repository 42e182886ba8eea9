import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { TextDocument } from '@rivulet/core';
import { OnlineNmf } from '@rivulet/decomposition';
import {
  batchVectorizer,
  type DistributedNmfOptions,
  distributedNmfSettings,
  ensureDocumentStream,
  findNatsServer,
  NatsModelStore,
  onlineNmfOptions,
  publishDocuments,
  startNatsServer,
} from '@rivulet/nats';
import { readJsonlSync } from '@rivulet/sources';
import { type Args, corpusPath, fmt, intArg, median, ROOT, table } from './common.js';
import { stage } from './natsStage.js';

const WORKER = join(ROOT, 'bench', 'dist', 'natsWorker.js');
const CLI_BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');

/**
 * `pnpm bench nats`: documents per second through publish → N worker processes (tokenize + hash each
 * batch) → result sink, for 1, 100 and 1000 documents per message and 1 and 2 workers, against the same
 * stage run in one process without NATS; and the latency from a document's publish to its result
 * (p50/p99). Acknowledged publishes and acknowledged processing are included: that is what they cost.
 */
export async function runNats(args: Args): Promise<void> {
  if (findNatsServer() === undefined)
    throw new Error('bench nats: nats-server not found (apt-get install nats-server)');
  const limit = intArg(args, 'documents', 15_000);
  const rounds = intArg(args, 'rounds', 3);
  const documents: TextDocument[] = [];
  readJsonlSync(corpusPath(args), {}, ({ document }) => {
    if (documents.length < limit) documents.push(document);
  });
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url });
  const load = () => loadavg()[0].toFixed(1);
  const rows: string[][] = [];
  const nmfRows: string[][] = [];
  try {
    if (!args.flags.has('nmf-only')) {
      const baseline: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const start = performance.now();
        for (let i = 0; i < documents.length; i += 100) await stage(documents.slice(i, i + 100));
        baseline.push(documents.length / ((performance.now() - start) / 1000));
      }
      rows.push(['one process, no NATS', '100', '-', fmt(median(baseline), 0), '-', '-', '-', load()]);
      let run = 0;
      for (const batchSize of [1, 100, 1000]) {
        // One document per message is slow by design; fewer documents keep the run short.
        const docs = batchSize === 1 ? documents.slice(0, Math.min(3000, documents.length)) : documents;
        for (const workers of [1, 2]) {
          const publishRates: number[] = [];
          const rates: number[] = [];
          const p50: number[] = [];
          const p99: number[] = [];
          for (let r = 0; r < rounds; r++) {
            const result = await once(nc, server.url, `B${++run}`, docs, batchSize, workers);
            publishRates.push(result.publishRate);
            rates.push(result.rate);
            p50.push(result.p50);
            p99.push(result.p99);
          }
          rows.push([
            `publish → ${workers} worker${workers > 1 ? 's' : ''} → sink`,
            String(batchSize),
            fmt(median(publishRates), 0),
            fmt(median(rates), 0),
            fmt(median(rates) / median(baseline), 2),
            fmt(median(p50), 0),
            fmt(median(p99), 0),
            load(),
          ]);
        }
      }
    }
    nmfRows.push(...(await distributedNmf(nc, server.url, documents, rounds, load)));
  } finally {
    await nc.close();
    await server.stop();
  }
  process.stdout.write(
    `${table(
      [
        'online NMF (k = 10, 2^18 hashed features)',
        'docs/batch',
        'docs/s',
        'vs one process',
        'refused',
        'load',
      ],
      nmfRows,
    )}\n`,
  );
  if (rows.length === 0) return;
  process.stdout.write(
    `${table(
      [
        'pipeline',
        'docs/message',
        'publish docs/s',
        'end-to-end docs/s',
        'vs one process',
        'p50 ms',
        'p99 ms',
        'load',
      ],
      rows,
    )}\n(${documents.length} documents of ${corpusPath(args)}; medians of ${rounds} rounds; 1 doc/message uses at most 3000)\n`,
  );
}

async function once(
  nc: NatsConnection,
  url: string,
  name: string,
  docs: readonly TextDocument[],
  batchSize: number,
  workers: number,
): Promise<{ publishRate: number; rate: number; p50: number; p99: number }> {
  const layout = await ensureDocumentStream(nc, { stream: name, ackWaitMs: 30_000, storage: 'file' });
  const results = `results.${name}`;
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: `${name}_RESULTS`, subjects: [results] });
  const published = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const decoder = new TextDecoder();
  const subscription = nc.subscribe(results);
  const done = (async () => {
    for await (const message of subscription) {
      const now = performance.now();
      for (const line of decoder.decode(message.data).split('\n')) {
        const { id } = JSON.parse(line) as { id: string };
        latencies.push(now - (published.get(id) ?? now));
        received++;
      }
      if (received >= docs.length) break;
    }
  })();
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    spawn(process.execPath, [WORKER, url, name, results, String(batchSize)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  // Time the pipeline, not Node's start-up: wait until every worker has connected.
  await Promise.all(children.map((child) => new Promise((resolve) => child.stdout?.once('data', resolve))));
  const start = performance.now();
  const stamped = (function* () {
    for (const d of docs) {
      published.set(d.id, performance.now());
      yield d;
    }
  })();
  await publishDocuments(nc, layout.subject, stamped, { batchSize });
  const publishRate = docs.length / ((performance.now() - start) / 1000);
  await done;
  const rate = docs.length / ((performance.now() - start) / 1000);
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await jsm.streams.delete(name);
  await jsm.streams.delete(`${name}_DEAD`);
  await jsm.streams.delete(`${name}_RESULTS`);
  latencies.sort((a, b) => a - b);
  return {
    publishRate,
    rate,
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))],
  };
}

/**
 * Distributed online NMF (issue 13 item 4) against one process on the same batches: documents/s from the
 * first publish until the coordinator's checkpoint counts every document, with the real `rivulet
 * coordinator` and `rivulet worker` processes (async mode, default checkpoints), 1 and 2 workers; the
 * one-process figure tokenizes, hashes and runs `OnlineNmf.partialFit` on the same 100-document batches.
 */
async function distributedNmf(
  nc: NatsConnection,
  url: string,
  documents: readonly TextDocument[],
  rounds: number,
  load: () => string,
): Promise<string[][]> {
  const training = (stream: string): DistributedNmfOptions => ({
    stream,
    components: 10,
    tokenizer: { stopWords: 'en' },
  });
  const settings = distributedNmfSettings('bench', training('X'));
  const vectorize = batchVectorizer(settings);
  const store = await NatsModelStore.open(nc);
  const rows: string[][] = [];
  let run = 0;
  for (const perBatch of [100, 1000]) {
    const single: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      const model = new OnlineNmf(onlineNmfOptions(settings));
      for (let i = 0; i < documents.length; i += perBatch)
        model.partialFit(await vectorize(documents.slice(i, i + perBatch)));
      single.push(documents.length / ((performance.now() - start) / 1000));
    }
    const baseline = median(single);
    rows.push(['one process: OnlineNmf.partialFit', String(perBatch), fmt(baseline, 0), '1.00', '-', load()]);
    for (const workers of [1, 2]) {
      const rates: number[] = [];
      const refused: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const name = `N${++run}`;
        const layout = await ensureDocumentStream(nc, { stream: name, maxDeliver: 1000 });
        const model = `m${run}`;
        const children = [
          spawn(
            process.execPath,
            [
              CLI_BIN,
              'coordinator',
              '--nats',
              url,
              '--stream',
              name,
              '--model',
              model,
              '-n',
              '10',
              '--stop-words',
              'en',
              '--quiet',
            ],
            { stdio: 'inherit' },
          ),
          ...Array.from({ length: workers }, () =>
            spawn(process.execPath, [CLI_BIN, 'worker', '--nats', url, '--model', model, '--quiet'], {
              stdio: 'inherit',
            }),
          ),
        ];
        const start = performance.now();
        await publishDocuments(nc, layout.subject, documents, { batchSize: perBatch });
        let meta: Record<string, unknown> = {};
        while (meta.documents !== documents.length) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          meta = (await store.current(model))?.meta ?? {};
        }
        rates.push(documents.length / ((performance.now() - start) / 1000));
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
        const state = JSON.parse(
          new TextDecoder().decode((await store.get(model, undefined, ['state.json'])).get('state.json')),
        );
        refused.push(state.rejected);
        const jsm = await jetstreamManager(nc);
        for (const stream of [name, `${name}_DEAD`, `${model}_STATS`])
          await jsm.streams.delete(stream).catch(() => false);
      }
      rows.push([
        `publish → ${workers} worker${workers > 1 ? 's' : ''} → coordinator`,
        String(perBatch),
        fmt(median(rates), 0),
        fmt(median(rates) / baseline, 2),
        fmt(median(refused), 0),
        load(),
      ]);
    }
  }
  return rows;
}
