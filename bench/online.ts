import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResultEvent, type TrainingEvent } from '@rivulet/core';
import { onlineNmf, trainOnlineNmf } from '@rivulet/decomposition';
import { Random } from '@rivulet/linalg';
import { readJsonl } from '@rivulet/sources';
import { tokenize } from '@rivulet/tokenizer';
import { hashingVectorize } from '@rivulet/vectorizer';
import { lastValueFrom, tap } from 'rxjs';
import {
  type Args,
  corpusPath,
  exportWorkload,
  fmt,
  intArg,
  loadWorkload,
  median,
  parseArgs,
  ROOT,
  runNode,
  runPython,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';

/** The settings compared with scikit-learn: its defaults, and five full passes without early stopping. */
const CASES = [
  { name: 'defaults', fixture: 'minibatch-sklearn-en.json', maxEpochs: 200, tol: 1e-4, maxNoImprovement: 10 },
  {
    name: '5 passes',
    fixture: 'minibatch-sklearn-en-5passes.json',
    maxEpochs: 5,
    tol: 0,
    maxNoImprovement: 100_000,
  },
] as const;

interface SklearnFigure {
  loss: number;
  steps: number;
  epochs: number;
  seconds: number;
  /** CPU time of the process (all threads): on a loaded machine a steadier measure than wall time. */
  cpuSeconds?: number;
}

interface FitRound {
  loss: number;
  steps: number;
  epochs: number;
  seconds: number;
  cpuSeconds: number;
}

interface StreamRound {
  documents: number;
  steps: number;
  seconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  lastLoss: number;
}

/**
 * `pnpm bench online [--json] [--corpus PATH] [--k 10] [--rounds 3] [--fit-only]`:
 * 1. online NMF (k = 10, batches of 1024 rows in order, no shuffling) on scikit-learn's TF-IDF matrix of
 *    the corpus from its nndsvda start, against scikit-learn's `MiniBatchNMF` from the same start: final
 *    loss, steps, passes and wall time, medians of `--rounds` alternating fresh-process rounds per side
 *    (the committed reference figures are used when scikit-learn is missing);
 * 2. the corpus resampled to 1×, 2×, 4× and 8× its documents, streamed from disk through
 *    readJsonl → tokenize → hashingVectorize (2¹⁸ buckets, unsigned) → onlineNmf, each size in a fresh
 *    process: peak RSS and peak heap, which stay flat as the input grows (skipped with `--fit-only`).
 */
export async function runOnline(args: Args | readonly string[]): Promise<void> {
  const a = Array.isArray(args)
    ? parseArgs(args as readonly string[], ['corpus', 'k', 'rounds'])
    : (args as Args);
  const json = a.flags.has('json');
  const k = intArg(a, 'k', 10);
  const corpus = corpusPath(a);
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

  const haveSklearn = sklearnAvailable();
  const dir = join(TMP, 'online-1');
  if (!existsSync(join(dir, `H0-k${k}.f64`))) {
    if (!haveSklearn) throw new Error('bench online: needs scikit-learn to export the TF-IDF matrix');
    exportWorkload(corpus, dir, [k]);
  }
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { rows: number; cols: number };
  const rounds = intArg(a, 'rounds', 3);
  const accuracy: string[][] = [];
  log(
    `${new Date().toISOString()}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const c of CASES) {
    // Alternating fresh processes, each side first in turn, so that drift in machine load hits both alike.
    const riv: FitRound[] = [];
    const sk: SklearnFigure[] = [];
    const sklearnArgs = [
      dir,
      String(k),
      '--max-iter',
      String(c.maxEpochs),
      '--tol',
      String(c.tol),
      '--max-no-improvement',
      String(c.maxNoImprovement),
    ];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['sklearn', 'rivulet'] : ['rivulet', 'sklearn'];
      for (const side of order) {
        if (side === 'rivulet')
          riv.push(runNode<FitRound>('online.js', ['--fit-round', dir, String(k), c.name]));
        else if (haveSklearn && k === 10)
          sk.push(runPython<SklearnFigure>('minibatch_sklearn.py', sklearnArgs));
      }
    }
    const reference: SklearnFigure =
      sk.length > 0
        ? {
            ...sk[sk.length - 1],
            seconds: median(sk.map((x) => x.seconds)),
            cpuSeconds: median(sk.map((x) => x.cpuSeconds ?? Number.NaN)),
          }
        : JSON.parse(readFileSync(join(ROOT, 'packages', 'decomposition', 'fixtures', c.fixture), 'utf8'));
    const result = riv[riv.length - 1];
    const seconds = median(riv.map((x) => x.seconds));
    const cpuSeconds = median(riv.map((x) => x.cpuSeconds));
    const skCpu = reference.cpuSeconds ?? Number.NaN;
    const steps = result.steps;
    const relative = (result.loss - reference.loss) / reference.loss;
    const row = {
      case: `online-${c.name.replace(' ', '-')}`,
      rows: meta.rows,
      cols: meta.cols,
      k,
      rivulet_loss: result.loss,
      sklearn_loss: reference.loss,
      relative_difference: relative,
      within_1_percent: Math.abs(relative) <= 0.01,
      rivulet_steps: steps,
      sklearn_steps: reference.steps,
      rivulet_epochs: result.epochs,
      sklearn_epochs: reference.epochs,
      rivulet_seconds: seconds,
      sklearn_seconds: reference.seconds,
      ratio: seconds / reference.seconds,
      rivulet_cpu_seconds: cpuSeconds,
      sklearn_cpu_seconds: skCpu,
      cpu_ratio: cpuSeconds / skCpu,
      rounds: riv.length,
    };
    if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
    accuracy.push([
      c.name,
      result.loss.toFixed(6),
      reference.loss.toFixed(6),
      `${(relative * 100).toExponential(2)} %`,
      `${steps} / ${reference.steps}`,
      `${result.epochs} / ${reference.epochs}`,
      `${fmt(seconds)} / ${fmt(reference.seconds)}${sk.length > 0 ? '' : ' (committed)'}`,
      fmt(seconds / reference.seconds, 2),
      `${fmt(cpuSeconds)} / ${fmt(skCpu)}`,
      fmt(cpuSeconds / skCpu, 2),
    ]);
  }
  if (!json) {
    log(
      `online NMF vs scikit-learn MiniBatchNMF: ${meta.rows} × ${meta.cols} TF-IDF, k = ${k}, batches of 1024`,
    );
    log(
      table(
        [
          'case',
          'rivulet loss',
          'sklearn loss',
          'difference',
          'steps',
          'passes',
          'wall s (medians)',
          'ratio',
          'CPU s (medians)',
          'CPU ratio',
        ],
        accuracy,
      ),
    );
    log(
      `median of ${rounds} alternating fresh-process rounds per side; ratios = Rivulet / scikit-learn; CPU = user + system of all threads (OpenBLAS runs 2); load average now ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    log('');
  }

  if (a.flags.has('fit-only')) return;
  const memory: string[][] = [];
  let base: StreamRound | undefined;
  for (const scale of [1, 2, 4, 8]) {
    const file = join(TMP, `online-stream-${scale}x.jsonl`);
    if (!existsSync(file)) resample(corpus, file, scale);
    const round = runNode<StreamRound>('online.js', ['--stream-round', file, String(k)], ['--expose-gc']);
    base ??= round;
    const row = {
      case: `online-stream-${scale}x`,
      documents: round.documents,
      steps: round.steps,
      seconds: round.seconds,
      peak_rss_mb: round.peakRssMb,
      peak_heap_mb: round.peakHeapMb,
      rss_vs_1x: round.peakRssMb / base.peakRssMb,
    };
    if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
    memory.push([
      `${scale}×`,
      String(round.documents),
      String(round.steps),
      fmt(round.seconds),
      fmt(round.peakRssMb, 0),
      fmt(round.peakHeapMb, 0),
      fmt(round.peakRssMb / base.peakRssMb),
    ]);
  }
  if (!json) {
    log(
      'streamed from disk: readJsonl → tokenize → hashingVectorize (2^18, unsigned) → onlineNmf, fresh process each',
    );
    log(table(['size', 'documents', 'steps', 'seconds', 'peak RSS MB', 'peak heap MB', 'RSS vs 1×'], memory));
  }
}

/** Writes `scale` × the corpus's documents drawn with replacement (seed 0) as JSONL. */
function resample(corpus: string, out: string, scale: number): void {
  const lines = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const rng = new Random(0);
  const picked: string[] = [];
  const n = Math.round(lines.length * scale);
  for (let i = 0; i < n; i++) {
    const line = lines[Math.floor(rng.next() * lines.length)];
    const doc = JSON.parse(line) as { id: string; text: string };
    picked.push(JSON.stringify({ id: `${i}-${doc.id}`, text: doc.text }));
  }
  writeFileSync(out, `${picked.join('\n')}\n`);
}

/** One streamed size, in its own process: prints one JSON line. */
async function streamRound(file: string, k: number): Promise<void> {
  const started = performance.now();
  let documents = 0;
  let steps = 0;
  let peakHeap = 0;
  let lastLoss = Number.NaN;
  await lastValueFrom(
    readJsonl(file).pipe(
      tokenize({ lang: 'en', stopWords: 'en' }),
      tap(() => documents++),
      hashingVectorize({ nFeatures: 2 ** 18, alternateSign: false, batchSize: 1024 }),
      onlineNmf({ components: k, batchSize: 1024, snapshotEvery: 0 }),
      tap((e) => {
        if (e.type !== 'batch') return;
        steps++;
        lastLoss = e.loss;
        const heap = process.memoryUsage().heapUsed;
        if (heap > peakHeap) peakHeap = heap;
      }),
    ),
  );
  const round: StreamRound = {
    documents,
    steps,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 2 ** 20,
    lastLoss,
  };
  process.stdout.write(`${JSON.stringify(round)}\n`);
}

/** One timed trainOnlineNmf run of a case from the exported nndsvda start, in its own process. */
async function fitRound(dir: string, k: number, name: string): Promise<void> {
  const c = CASES.find((x) => x.name === name);
  if (c === undefined) throw new Error(`bench online: unknown case ${name}`);
  const { A, W0, H0 } = loadWorkload(dir, k);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let steps = 0;
  const result = (await lastValueFrom(
    trainOnlineNmf(A, {
      components: k,
      init: { W: W0, H: H0 },
      batchSize: 1024,
      forgetFactor: 0.7,
      maxEpochs: c.maxEpochs,
      tol: c.tol,
      maxNoImprovement: c.maxNoImprovement,
      snapshotEvery: 0,
    }).pipe(tap((e: TrainingEvent) => e.type === 'batch' && steps++)),
  )) as ResultEvent;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const round: FitRound = { loss: result.loss, steps, epochs: result.epochs, seconds, cpuSeconds };
  process.stdout.write(`${JSON.stringify(round)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--stream-round') await streamRound(process.argv[3], Number(process.argv[4]));
  else if (process.argv[2] === '--fit-round')
    await fitRound(process.argv[3], Number(process.argv[4]), process.argv[5]);
}
