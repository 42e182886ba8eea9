import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ResultEvent, TrainingEvent } from '@rivulet/core';
import { trainNmf } from '@rivulet/decomposition';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  type Args,
  corpusPath,
  exportWorkload,
  fmt,
  intArg,
  loadWorkload,
  parseArgs,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';

/** What the host saw while one training ran. */
interface Measure {
  p50: number;
  p99: number;
  max: number;
  seconds: number;
  epochs: number;
  loss: number;
}

/**
 * `pnpm bench responsiveness [--json] [--corpus PATH] [--k 50] [--epochs 20]`: while NMF trains on the
 * corpus's TF-IDF matrix (scikit-learn's, nndsvda start), the host's event-loop delay
 * (`perf_hooks.monitorEventLoopDelay`, 1 ms resolution) at p50, p99 and max, for training in a worker
 * thread (`trainInWorker`) and in the main thread (`trainNmf`, which yields between 10 ms slices of
 * epochs, so its delay is about one epoch). Target: p99 < 20 ms with the worker. Both runs give the same
 * loss (same code, same order), shown as a check.
 */
export async function runResponsiveness(args: Args | readonly string[]): Promise<void> {
  const a = Array.isArray(args)
    ? parseArgs(args as readonly string[], ['corpus', 'k', 'epochs'])
    : (args as Args);
  const json = a.flags.has('json');
  const k = intArg(a, 'k', 50);
  const epochs = intArg(a, 'epochs', 20);
  const dir = join(TMP, 'online-1');
  if (!existsSync(join(dir, `H0-k${k}.f64`))) {
    if (!sklearnAvailable())
      throw new Error('bench responsiveness: needs scikit-learn to export the TF-IDF matrix');
    exportWorkload(corpusPath(a), dir, [10, k]);
  }
  const { meta, A, W0, H0 } = loadWorkload(dir, k);
  const rows: string[][] = [];
  for (const solver of ['mu', 'cd'] as const) {
    const options = { components: k, init: { W: W0, H: H0 }, maxEpochs: epochs, tol: 0 };
    const runs = {
      worker: await measure(trainNmf(A, { ...options, solver, worker: true })),
      'in-thread': await measure(trainNmf(A, { ...options, solver })),
    };
    for (const [where, m] of Object.entries(runs)) {
      if (json) {
        process.stdout.write(
          `${JSON.stringify({
            case: `responsiveness-${solver}-k${k}-${where}`,
            rows: meta.rows,
            cols: meta.cols,
            epochs: m.epochs,
            seconds: m.seconds,
            loop_delay_p50_ms: m.p50,
            loop_delay_p99_ms: m.p99,
            loop_delay_max_ms: m.max,
            target_p99_ms: where === 'worker' ? 20 : null,
            loss: m.loss,
          })}\n`,
        );
      }
      rows.push([
        `${solver}, ${where}`,
        String(m.epochs),
        fmt(m.seconds),
        fmt(m.p50),
        fmt(m.p99),
        fmt(m.max),
        m.loss.toFixed(6),
      ]);
    }
  }
  if (!json) {
    process.stdout.write(
      `event-loop delay of the host while NMF trains: ${meta.rows} × ${meta.cols} TF-IDF, k = ${k}, ${epochs} epochs\n`,
    );
    process.stdout.write(
      `${table(['solver, where', 'epochs', 'seconds', 'p50 ms', 'p99 ms', 'max ms', 'final loss'], rows)}\n`,
    );
  }
}

async function measure(events: Observable<TrainingEvent>): Promise<Measure> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const started = performance.now();
  histogram.enable();
  const result = (await lastValueFrom(events)) as ResultEvent;
  histogram.disable();
  const ms = (ns: number) => ns / 1e6;
  return {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    seconds: (performance.now() - started) / 1000,
    epochs: result.epochs,
    loss: result.loss,
  };
}
