import { join } from 'node:path';
import {
  type Args,
  corpusPath,
  type ExportMeta,
  exportWorkload,
  fmt,
  INSTALL_HINT,
  intArg,
  loadAverage,
  median,
  runNode,
  runPython,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';
import { nmfFloor, type Throughput } from './nmfFloor.js';
import { vectorizeInTypeScript } from './tsWorkload.js';

const CASES = [
  { name: 'mu-k10', solver: 'mu', k: 10 },
  { name: 'mu-k50', solver: 'mu', k: 50 },
  { name: 'cd-k10', solver: 'cd', k: 10 },
  { name: 'cd-k50', solver: 'cd', k: 50 },
] as const;

interface RivuletRound {
  ms: number[];
  loss: number;
  setupMs: number;
  peakRssMb: number;
  backend: string;
  threads: number;
  throughput: Throughput;
}

interface SklearnRound {
  ms: number[];
  loss: number;
  blas: {
    internal_api: string;
    version: string;
    threading_layer: string;
    num_threads: number;
    filepath: string;
  }[];
  sklearn: string;
}

/** One output line of `pnpm bench nmf --json` (the fields the speed issue specifies). */
interface CaseResult {
  case: string;
  solver: string;
  k: number;
  iterations: number;
  rivulet_ms_per_iter: number;
  sklearn_ms_per_iter: number | null;
  ratio: number | null;
  rivulet_loss: number;
  sklearn_loss: number | null;
}

/**
 * `pnpm bench nmf [--json] [--corpus PATH] [--iterations 20] [--rounds 5] [--backend wasm|js] [--threads 1|2]
 * [--cases mu-k10,cd-k50] [--train] [--dtype float64|float32]`: Rivulet's NMF (the FastNmf kernels) against scikit-learn's on the same
 * matrix, the same start and the same iteration count, in alternating rounds (each side a fresh process per
 * round). `--train` also times the public `fitNmf` per epoch (events included) from the same start.
 */
export function benchNmf(args: Args): void {
  const json = args.flags.has('json');
  const iterations = intArg(args, 'iterations', 20);
  const rounds = intArg(args, 'rounds', 5);
  const backend = args.values.get('backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'js')
    throw new Error(`bench: --backend must be wasm or js, got ${backend}`);
  // --threads 1,2 runs both thread counts in the same alternating rounds and compares them (issue 12
  // item 7: when a second thread pays); the first count listed is the one compared with scikit-learn.
  const threadList = (args.values.get('threads') ?? (backend === 'wasm' ? '2' : '1')).split(',').map(Number);
  if (threadList.some((t) => t !== 1 && t !== 2)) throw new Error('bench: --threads must be 1, 2 or 1,2');
  const threads = threadList[0];
  const train = args.flags.has('train');
  const dtype = args.values.get('dtype') ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new Error(`bench: --dtype must be float64 or float32, got ${dtype}`);
  }
  const wanted = args.values.get('cases')?.split(',') ?? CASES.map((c) => c.name);
  const cases = CASES.filter((c) => wanted.includes(c.name));
  const corpus = corpusPath(args);
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const haveSklearn = sklearnAvailable();
  const dir = join(TMP, 'nmf');
  const ks = [...new Set(cases.map((c) => c.k))];
  let meta: ExportMeta;
  if (haveSklearn) {
    meta = exportWorkload(corpus, dir, ks);
  } else {
    log(INSTALL_HINT);
    log('falling back to the TypeScript vectorizer and a seeded random start (Rivulet side only)');
    meta = vectorizeInTypeScript(corpus, dir, ks);
  }
  log(`${new Date().toISOString()}, load average ${loadAverage()}`);
  log(
    `corpus ${corpus}: ${meta.rows} × ${meta.cols}, ${meta.nnz} non-zeros (${meta.vectorizer}), start ${meta.init}`,
  );
  log(
    `${iterations} iterations per round, ${rounds} alternating rounds per side; ${dtype} on both sides; Rivulet backend ${backend}, ${threadList.join(' and ')} thread(s)`,
  );
  let blasShown = false;
  const results: CaseResult[] = [];
  const tableRows: string[][] = [];
  const floorRows: string[][] = [];
  const threadRows: string[][] = [];
  for (const c of cases) {
    const byThreads = new Map<number, RivuletRound[]>(threadList.map((t) => [t, []]));
    const riv = byThreads.get(threads) as RivuletRound[];
    const sk: SklearnRound[] = [];
    const trained: { ms: number[]; loss: number }[] = [];
    const args4 = [dir, c.solver, String(c.k), String(iterations)];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so that drift in machine load hits both alike.
      const sides = ['sklearn', ...threadList.map(String)];
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        if (side !== 'sklearn') {
          const t = Number(side);
          byThreads.get(t)?.push(runNode<RivuletRound>('nmfRound.js', [...args4, backend, side, dtype]));
        } else if (haveSklearn) sk.push(runPython<SklearnRound>('nmf_sklearn.py', [...args4, dtype]));
      }
      if (train) trained.push(runNode<{ ms: number[]; loss: number }>('nmfTrainRound.js', args4));
    }
    if (!blasShown && sk.length > 0) {
      for (const b of sk[0].blas) {
        log(
          `numpy BLAS: ${b.internal_api} ${b.version} (${b.threading_layer}, ${b.num_threads} threads) ${b.filepath}`,
        );
      }
      log(`scikit-learn ${sk[0].sklearn}`);
      blasShown = true;
    }
    const rivMs = median(riv.flatMap((x) => x.ms));
    const skMs = sk.length > 0 ? median(sk.flatMap((x) => x.ms)) : null;
    const rivLoss = riv[riv.length - 1].loss;
    const skLoss = sk.length > 0 ? sk[sk.length - 1].loss : null;
    const result: CaseResult = {
      case: c.name,
      solver: c.solver,
      k: c.k,
      iterations,
      rivulet_ms_per_iter: rivMs,
      sklearn_ms_per_iter: skMs,
      ratio: skMs === null ? null : rivMs / skMs,
      rivulet_loss: rivLoss,
      sklearn_loss: skLoss,
    };
    results.push(result);
    if (threadList.length > 1) {
      const one = byThreads.get(1) as RivuletRound[];
      const two = byThreads.get(2) as RivuletRound[];
      const ms1 = median(one.flatMap((x) => x.ms));
      const ms2 = median(two.flatMap((x) => x.ms));
      const bitSame = one[0].loss === two[0].loss;
      threadRows.push([c.name, fmt(ms1), fmt(ms2), fmt(ms2 / ms1, 2), bitSame ? 'same' : 'DIFFERENT']);
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ case: `${c.name}-threads`, one_thread_ms: ms1, two_threads_ms: ms2, ratio: ms2 / ms1, same_loss: bitSame })}\n`,
        );
      }
    }
    // The floor at each round's own measured throughput (same process, same load), then the median.
    const floors = riv.map((x) => nmfFloor(meta.rows, meta.cols, meta.nnz, c.k, x.throughput));
    const used = riv[0].threads;
    const floorMs = median(floors.map((f) => f.floorMs)) / used;
    const roundRatios = riv.map((x, r) => median(x.ms) / (floors[r].floorMs / used));
    floorRows.push([
      c.name,
      `${fmt(floors[0].flops / 1e6, 0)} M`,
      `${fmt(floors[0].bytes / 1e6, 0)} MB`,
      fmt(median(riv.map((x) => x.throughput.gflops))),
      fmt(median(riv.map((x) => x.throughput.readGBs))),
      `${fmt(median(floors.map((f) => f.computeMs)) / used)} / ${fmt(median(floors.map((f) => f.memoryMs)) / used)}`,
      fmt(floorMs),
      fmt(rivMs),
      fmt(median(roundRatios), 2),
      median(roundRatios) <= 3 ? 'yes' : 'no',
    ]);
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ case: `${c.name}-floor`, floor_ms: floorMs, rivulet_ms_per_iter: rivMs, ratio_to_floor: median(roundRatios), threads: used })}\n`,
      );
    }
    const trainMs = train ? median(trained.flatMap((x) => x.ms)) : null;
    const line = {
      ...result,
      ...(dtype === 'float64' ? {} : { dtype }),
      ...(train ? { rivulet_train_ms_per_iter: trainMs, rivulet_train_loss: trained[0].loss } : {}),
    };
    if (json) process.stdout.write(`${JSON.stringify(line)}\n`);
    const spread = (xs: { ms: number[] }[]) => {
      const m = xs.map((x) => median(x.ms));
      return `${fmt(Math.min(...m))}–${fmt(Math.max(...m))}`;
    };
    tableRows.push([
      c.name,
      fmt(rivMs),
      spread(riv),
      skMs === null ? '—' : fmt(skMs),
      sk.length > 0 ? spread(sk) : '—',
      result.ratio === null ? '—' : fmt(result.ratio, 2),
      rivLoss.toPrecision(12),
      skLoss === null ? '—' : skLoss.toPrecision(12),
      skLoss === null ? '—' : (Math.abs(rivLoss - skLoss) / skLoss).toExponential(1),
      fmt(median(riv.map((x) => x.setupMs)), 0),
      ...(train ? [fmt(trainMs)] : []),
    ]);
  }
  if (!json) {
    log('');
    log(
      table(
        [
          'case',
          'rivulet ms/iter',
          'round medians',
          'sklearn ms/iter',
          'round medians',
          'ratio',
          'rivulet loss',
          'sklearn loss',
          'rel. diff',
          'setup ms',
          ...(train ? ['fitNmf ms/epoch'] : []),
        ],
        tableRows,
      ),
    );
    log(
      '\nms/iter: median over all iterations of all rounds; ratio = Rivulet / scikit-learn (lower is better).',
    );
    if (threadRows.length > 0) {
      log('');
      log(table(['case', '1 thread ms', '2 threads ms', '2 / 1', 'loss'], threadRows));
      log(
        '1 and 2 threads in the same alternating rounds; the loss must be bit-identical (fixed row blocks).',
      );
    }
    log('');
    log(
      table(
        [
          'case',
          'flops/iter',
          'bytes/iter',
          'GFLOP/s (1 thr)',
          'read GB/s',
          'compute / memory ms',
          'floor ms',
          'rivulet ms',
          'x floor',
          '≤ 3×',
        ],
        floorRows,
      ),
    );
    log(
      'floor: 4·nnz·k + 3·(rows+cols)·k² flops and 24·nnz + 24·(rows+cols)·k bytes per iteration (bench/nmfFloor.ts) at the\n' +
        'throughput each Rivulet round measured in its own process just after its iterations (f64x2 multiply-add chains,\n' +
        '64 MiB streaming read), divided by the thread count; x floor = median over rounds of (round ms/iter ÷ round floor).',
    );
  }
  log(`finished ${new Date().toISOString()}, load average ${loadAverage()}`);
}
