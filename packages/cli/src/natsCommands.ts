import { RivuletError } from '@rivulet/core';
import { topTerms } from '@rivulet/decomposition';
import { DenseMatrix } from '@rivulet/linalg';
import {
  batchVectorizer,
  connectNats,
  type DistributedNmfOptions,
  ensureDocumentStream,
  findNatsServer,
  NatsModelStore,
  publishDocuments,
  readCheckpoint,
  runNmfCoordinator,
  runNmfWorker,
} from '@rivulet/nats';
import { jsonlDocuments } from '@rivulet/sources';
import { createTokenizer } from '@rivulet/tokenizer';
import { HashedVocabulary, hashingVectorize } from '@rivulet/vectorizer';
import { lastValueFrom, of } from 'rxjs';
import { CLI, usageError } from './CliError.js';
import { type CommandLine, choiceValue, integerValue, numberValue, stringValue } from './parseCommandLine.js';
import type { CommandIO } from './topicsCommand.js';

/** Model name used when `--model` is not given. */
const DEFAULT_MODEL = 'topics';

function natsUrl(line: CommandLine, command: string): string {
  const url = stringValue(line, 'nats');
  if (url === undefined) {
    if (command === 'coordinator') return '';
    throw usageError(
      `${command} needs --nats URL (a running nats-server with JetStream; see the guide in @rivulet/nats's README)`,
    );
  }
  return url;
}

/** SIGTERM and SIGINT become an AbortSignal for the command's graceful stop. */
function stopSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    },
  };
}

const seconds = (line: CommandLine, name: 'ack-wait' | 'idle' | 'checkpoint-seconds') => {
  const value = numberValue(line, name, 0.001);
  return value === undefined ? undefined : Math.round(value * 1000);
};

/** `rivulet publish <corpus.jsonl> --nats URL --stream NAME`: feeds a document stream, with progress. */
export async function publishCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const [corpus, ...extra] = line.positionals;
  if (corpus === undefined || extra.length > 0)
    throw usageError('publish takes one corpus (a .jsonl file, or - for stdin)');
  const stream = stringValue(line, 'stream');
  if (stream === undefined) throw usageError('publish needs --stream NAME');
  const nc = await connectNats(CLI, natsUrl(line, 'publish'));
  try {
    const layout = await ensureDocumentStream(nc, {
      stream,
      ackWaitMs: seconds(line, 'ack-wait'),
      maxDeliver: integerValue(line, 'max-deliver', 1, 1000) ?? 20,
      replicas: integerValue(line, 'replicas', 1, 5),
    });
    io.progress.stage(`publishing ${corpus} to stream ${stream}`);
    const started = performance.now();
    const documents = jsonlDocuments(corpus, {
      textField: stringValue(line, 'text-field'),
      idField: stringValue(line, 'id-field'),
    });
    const summary = await publishDocuments(nc, layout.subject, documents, {
      batchSize: integerValue(line, 'batch-size', 1, 1_000_000) ?? 100,
      onProgress: (s) => io.progress.count('publishing', s.documents),
    });
    const elapsed = (performance.now() - started) / 1000;
    io.progress.done(
      `published ${summary.documents} documents in ${summary.messages} messages to ${layout.subject} (${Math.round(summary.documents / elapsed)} documents/s${summary.duplicates > 0 ? `, ${summary.duplicates} duplicate messages dropped` : ''})`,
    );
    if (line.values.json === true)
      io.stdout.write(`${JSON.stringify({ stream, subject: layout.subject, ...summary })}\n`);
  } finally {
    await nc.close();
  }
}

/** `rivulet worker --nats URL --model NAME`: solves batches until SIGTERM (or `--idle`). */
export async function workerCommand(line: CommandLine, io: CommandIO): Promise<void> {
  if (line.positionals.length > 0) throw usageError('worker takes no arguments');
  const model = stringValue(line, 'model') ?? DEFAULT_MODEL;
  const nc = await connectNats(CLI, natsUrl(line, 'worker'));
  const stop = stopSignal();
  try {
    io.progress.stage(`worker of model ${model}: waiting for its first checkpoint`);
    let batches = 0;
    let documents = 0;
    const summary = await runNmfWorker(nc, {
      model,
      pullSize: integerValue(line, 'pull', 1, 1000),
      idleMs: seconds(line, 'idle'),
      signal: stop.signal,
      onEvent: (e) => {
        if (!e.accepted) return;
        batches++;
        documents += e.documents;
        io.progress.count(`worker of ${model}: ${batches} batches,`, documents);
      },
    });
    io.progress.done(
      `worker of ${model} stopped: ${summary.batches} batches (${summary.documents} documents) solved, ${summary.requeued} requeued as stale`,
    );
  } finally {
    stop.dispose();
    await nc.drain().catch(() => nc.close());
  }
}

/** The training settings from the command line (used on a first start; on a restart they must match). */
function trainingOptions(line: CommandLine, stream: string): DistributedNmfOptions {
  const stopWords = choiceValue(line, 'stop-words', ['en', 'zh', 'none'] as const);
  const ngram = integerValue(line, 'ngram', 1, 9);
  return {
    stream,
    components: integerValue(line, 'components', 1, 10_000) ?? 10,
    seed: integerValue(line, 'seed', 0),
    nFeatures: integerValue(line, 'n-features', 1, 2 ** 31 - 1),
    mode: choiceValue(line, 'mode', ['async', 'rounds'] as const),
    roundSize: integerValue(line, 'round-size', 1, 100_000),
    maxStaleness: integerValue(line, 'max-staleness', 0),
    tokenizer: {
      lang: choiceValue(line, 'lang', ['auto', 'en', 'zh'] as const),
      stopWords: stopWords === undefined || stopWords === 'none' ? null : stopWords,
      ngram: ngram === undefined ? undefined : [1, ngram],
    },
  };
}

const TRAINING_FLAGS = [
  'components',
  'seed',
  'n-features',
  'mode',
  'round-size',
  'max-staleness',
  'lang',
  'stop-words',
  'ngram',
] as const;

/**
 * `rivulet coordinator --nats URL --stream NAME --model NAME -n K`: applies the workers' statistics until
 * SIGTERM (or `--idle`). Without `--nats`, one process does it all: a loopback nats-server, the corpus
 * published, `--workers` workers and the coordinator, until every document is applied.
 */
export async function coordinatorCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const model = stringValue(line, 'model') ?? DEFAULT_MODEL;
  const url = natsUrl(line, 'coordinator');
  const embedded = url === '';
  const corpus = line.positionals[0];
  if (embedded ? line.positionals.length !== 1 : line.positionals.length > 0) {
    throw usageError(
      embedded
        ? 'coordinator without --nats trains on one corpus in this process: rivulet coordinator corpus.jsonl -n K'
        : 'coordinator takes no arguments with --nats (the documents come from --stream)',
    );
  }
  const stream = stringValue(line, 'stream') ?? (embedded ? 'DOCS' : undefined);
  if (stream === undefined)
    throw usageError('coordinator needs --stream NAME (the stream rivulet publish feeds)');
  const given = TRAINING_FLAGS.some((flag) => line.values[flag] !== undefined);
  const training = trainingOptions(line, stream);
  let server: Awaited<ReturnType<typeof import('@rivulet/nats').startNatsServer>> | undefined;
  if (embedded) {
    if (findNatsServer() === undefined) {
      throw new RivuletError(
        'io',
        CLI,
        'coordinator without --nats runs a loopback nats-server, and none is installed (apt-get install nats-server)',
      );
    }
    server = await (await import('@rivulet/nats')).startNatsServer();
  }
  const nc = await connectNats(CLI, server?.url ?? url);
  const stop = stopSignal();
  try {
    const workers: Promise<unknown>[] = [];
    const workersStop = new AbortController();
    let total: number | undefined;
    if (embedded) {
      const layout = await ensureDocumentStream(nc, { stream, maxDeliver: 1000 });
      io.progress.stage(`publishing ${corpus}`);
      const published = await publishDocuments(
        nc,
        layout.subject,
        jsonlDocuments(corpus as string, {
          textField: stringValue(line, 'text-field'),
          idField: stringValue(line, 'id-field'),
        }),
        { batchSize: integerValue(line, 'batch-size', 1, 1_000_000) ?? 100 },
      );
      total = published.documents;
      for (let w = 0; w < (integerValue(line, 'workers', 1, 64) ?? 1); w++) {
        workers.push(runNmfWorker(nc, { model, signal: workersStop.signal }));
      }
    }
    io.progress.stage(`coordinator of model ${model}`);
    const controller = new AbortController();
    stop.signal.addEventListener('abort', () => controller.abort(), { once: true });
    const summary = await runNmfCoordinator(nc, {
      model,
      training: embedded || given ? training : undefined,
      checkpointEvery: integerValue(line, 'checkpoint-every', 1),
      checkpointMs: seconds(line, 'checkpoint-seconds'),
      idleMs: seconds(line, 'idle'),
      replicas: integerValue(line, 'replicas', 1, 5),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'checkpoint') {
          io.progress.count(
            `coordinator of ${model}: version ${e.version}, ${e.batches} batches,`,
            e.documents,
          );
          // One process: done once every published document is applied and checkpointed.
          if (total !== undefined && e.documents >= total) controller.abort();
        }
      },
    });
    io.progress.done(
      `coordinator of ${model} stopped at version ${summary.version}: ${summary.batches} batches (${summary.documents} documents) applied, ${summary.rejected} refused as stale, ${summary.duplicates} duplicates skipped`,
    );
    if (embedded) {
      workersStop.abort();
      await Promise.all(workers);
      await printModel(line, io, nc, model);
    }
  } finally {
    stop.dispose();
    await nc.drain().catch(() => nc.close());
    await server?.stop();
  }
}

/** `rivulet model --nats URL --model NAME [--save DIR]`: prints the current checkpoint, optionally saves it. */
export async function modelCommand(line: CommandLine, io: CommandIO): Promise<void> {
  if (line.positionals.length > 0) throw usageError('model takes no arguments');
  const nc = await connectNats(CLI, natsUrl(line, 'model'));
  try {
    await printModel(line, io, nc, stringValue(line, 'model') ?? DEFAULT_MODEL);
  } finally {
    await nc.close();
  }
}

async function printModel(
  line: CommandLine,
  io: CommandIO,
  nc: Parameters<typeof runNmfWorker>[0],
  model: string,
): Promise<void> {
  const store = await NatsModelStore.open(nc);
  const checkpoint = await readCheckpoint(CLI, store, model, false);
  if (checkpoint === undefined)
    throw new RivuletError('io', CLI, `no model ${JSON.stringify(model)} in the store`, {
      parameter: '--model',
    });
  const { settings, progress, state } = checkpoint;
  const n = integerValue(line, 'top-terms', 1, 1000) ?? 10;
  const names = await bucketNames(line, settings, state.columns);
  const topics = topTerms(new DenseMatrix(state.components, state.columns, state.H), names, n);
  const save = stringValue(line, 'save');
  const saved = save === undefined ? undefined : await store.download(model, save, checkpoint.versionId);
  if (line.values.json === true) {
    io.stdout.write(
      `${JSON.stringify({
        model,
        version: checkpoint.meta.version,
        steps: state.steps,
        components: state.components,
        columns: state.columns,
        batches: progress.batches,
        documents: progress.documents,
        rejected: progress.rejected,
        duplicates: progress.duplicates,
        maxStaleness: progress.maxStaleness,
        mode: settings.mode,
        topics: topics.map((t) => t.terms.map((term) => term.term)),
        saved: saved === undefined ? undefined : save,
      })}\n`,
    );
    return;
  }
  const out = [
    `model ${model}: version ${checkpoint.meta.version} (${checkpoint.versionId}), ${state.steps} steps, ${progress.documents} documents in ${progress.batches} batches`,
    `  ${state.components} components × ${state.columns} ${settings.vocabulary === null ? 'hashed features' : 'terms'}; mode ${settings.mode}${settings.mode === 'rounds' ? ` (rounds of ${settings.roundSize})` : ` (staleness ≤ ${settings.maxStaleness})`}; ${progress.rejected} statistics refused as stale, ${progress.duplicates} duplicates skipped, largest staleness applied ${progress.maxStaleness}`,
    ...topics.map((t, i) => `  topic ${i}: ${t.terms.map((term) => term.term).join(' ')}`),
  ];
  if (saved !== undefined) out.push(`saved to ${save}: ${saved.files.map((f) => f.name).join(', ')}`);
  io.stdout.write(`${out.join('\n')}\n`);
}

/** Column names: the fixed vocabulary, or hash buckets named by the terms of `--terms CORPUS` that fall in them. */
async function bucketNames(
  line: CommandLine,
  settings: Parameters<typeof batchVectorizer>[0],
  columns: number,
): Promise<readonly string[]> {
  if (settings.vocabulary !== null) return settings.vocabulary.vocabulary;
  const corpus = stringValue(line, 'terms');
  const names = new HashedVocabulary();
  if (corpus !== undefined) {
    // The training's own vectorizer, recording which terms fall in which bucket.
    const tokenize = createTokenizer(settings.tokenizer);
    const hashing = hashingVectorize({ nFeatures: columns, alternateSign: false, vocabulary: names });
    let batch: { id: string; tokens: string[] }[] = [];
    const flush = async () => {
      if (batch.length > 0) await lastValueFrom(of(batch).pipe(hashing));
      batch = [];
    };
    for await (const document of jsonlDocuments(corpus)) {
      batch.push({ id: document.id, tokens: tokenize(document.text) });
      if (batch.length === 1000) await flush();
    }
    await flush();
  }
  return names.asVocabulary(columns);
}
