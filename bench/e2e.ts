import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Args,
  fmt,
  INSTALL_HINT,
  intArg,
  loadAverage,
  median,
  PYTHON,
  ROOT,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';

const TIME = '/usr/bin/time';
const PHASES = ['start-up', 'read', 'vectorize', 'train', 'output'] as const;

interface Mark {
  phase: string;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

/** One process: whole-process figures from `/usr/bin/time`, phase ends from inside, and its result. */
interface Run {
  wall: number;
  cpu: number;
  peakRssMb: number;
  marks: Mark[];
  epochs: number;
  loss: number;
  shape: string;
}

/**
 * `pnpm bench e2e [--json] [--corpus PATH] [--solvers mu,cd] [--rounds 3] [--k 20]`: the whole
 * `rivulet topics` process against scikit-learn's script doing the same (`scripts/bench/e2e_sklearn.py`:
 * TfidfVectorizer min_df 2, max_df 0.95, English stop words; NMF k = 20, nndsvda, tol 1e-4, MU and CD;
 * top terms and their coherence), alternating fresh processes; on `../shared/corpus/gcide.jsonl.gz` and
 * `en.jsonl` unless `--corpus` names one. Wall, CPU and peak RSS of each whole process come from
 * `/usr/bin/time`; per phase, from marks each process takes at its phase ends (the Node side through
 * `bench/e2eProbe.ts`, preloaded). Medians; ratio = Rivulet / scikit-learn.
 */
export function benchE2e(args: Args): void {
  const json = args.flags.has('json');
  const rounds = intArg(args, 'rounds', 3);
  const k = intArg(args, 'k', 20);
  const solvers = (args.values.get('solvers') ?? 'mu,cd').split(',');
  for (const s of solvers)
    if (s !== 'mu' && s !== 'cd') throw new Error(`bench: --solvers takes mu and cd, got ${s}`);
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  if (!sklearnAvailable()) throw new Error(`bench e2e needs scikit-learn. ${INSTALL_HINT}`);
  if (!existsSync(TIME)) throw new Error(`bench e2e needs ${TIME} (apt-get install time)`);
  const given = args.values.get('corpus');
  const shared = resolve(ROOT, '..', 'shared', 'corpus');
  const corpora =
    given !== undefined ? [resolve(given)] : ['gcide.jsonl.gz', 'en.jsonl'].map((c) => join(shared, c));
  for (const c of corpora)
    if (!existsSync(c)) throw new Error(`bench: corpus ${c} does not exist (see bench/README.md)`);
  const dir = join(TMP, 'e2e');
  mkdirSync(dir, { recursive: true });
  log(`${new Date().toISOString()}, load average ${loadAverage()}`);
  log(
    `k = ${k}, ${rounds} alternating rounds of fresh processes per side; medians; ratio = Rivulet / scikit-learn`,
  );
  startUp(rounds, json, log);
  for (const corpus of corpora) {
    for (const solver of solvers) {
      const riv: Run[] = [];
      const sk: Run[] = [];
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? ['sklearn', 'rivulet'] : ['rivulet', 'sklearn'];
        for (const side of order) {
          if (side === 'rivulet') riv.push(runRivulet(corpus, solver, k, dir));
          else sk.push(runSklearn(corpus, solver, k, dir));
        }
      }
      report(corpus, solver, riv, sk, json, log);
    }
  }
  log(`finished ${new Date().toISOString()}, load average ${loadAverage()}`);
}

/** Wall, CPU (user + system) and peak RSS of one process from `/usr/bin/time`, with its stdout. */
function timedProcess(command: string, args: readonly string[], dir: string, env: NodeJS.ProcessEnv) {
  const timeFile = join(dir, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args], {
    encoding: 'utf8',
    env,
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`bench: ${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [wall, user, sys, rssKb] = readFileSync(timeFile, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return { wall, cpu: user + sys, peakRssMb: rssKb / 1024, stdout: r.stdout };
}

/** {@link timedProcess} of a process whose last line of output is its JSON result. */
function timed(command: string, args: readonly string[], dir: string, env: NodeJS.ProcessEnv) {
  const { stdout, ...whole } = timedProcess(command, args, dir, env);
  const lines = stdout.trim().split('\n');
  return { ...whole, out: JSON.parse(lines[lines.length - 1]) };
}

function runRivulet(corpus: string, solver: string, k: number, dir: string): Run {
  const probe = join(dir, 'probe.json');
  const { out, ...whole } = timed(
    process.execPath,
    [
      '--import',
      join(ROOT, 'bench', 'dist', 'e2eProbe.js'),
      join(ROOT, 'packages', 'cli', 'dist', 'bin.js'),
      'topics',
      corpus,
      '--components',
      String(k),
      '--min-df',
      '2',
      '--max-df',
      '0.95',
      '--stop-words',
      'en',
      '--solver',
      solver,
      '--init',
      'nndsvda',
      '--tol',
      '1e-4',
      '--json',
    ],
    dir,
    { ...process.env, RIVULET_E2E_PROBE: probe },
  );
  const marks = JSON.parse(readFileSync(probe, 'utf8')) as Mark[];
  const names: Record<string, string> = { 'read+tokenize+count': 'read' };
  return {
    ...whole,
    marks: marks.map((m) => ({ ...m, phase: names[m.phase] ?? m.phase })),
    epochs: out.epochs,
    loss: out.loss,
    shape: `${out.documents} × ${out.terms}, ${out.nnz}`,
  };
}

function runSklearn(corpus: string, solver: string, k: number, dir: string): Run {
  const { out, ...whole } = timed(
    PYTHON,
    [join(ROOT, 'scripts', 'bench', 'e2e_sklearn.py'), corpus, solver, String(k)],
    dir,
    process.env,
  );
  return {
    ...whole,
    marks: out.marks,
    epochs: out.epochs,
    loss: out.loss,
    shape: `${out.documents} × ${out.terms}, ${out.nnz}`,
  };
}

/** Per phase: wall and CPU since the previous mark, peak RSS at its end (medians over the runs). */
function phase(runs: Run[], name: string, field: 'wallMs' | 'cpuMs' | 'peakRssMb'): number {
  return median(
    runs.map((run) => {
      const i = run.marks.findIndex((m) => m.phase === name);
      if (i < 0) return Number.NaN;
      if (field === 'peakRssMb') return run.marks[i].peakRssMb;
      return run.marks[i][field] - (i === 0 ? 0 : run.marks[i - 1][field]);
    }),
  );
}

/** One side's medians over its runs: whole process and per phase. */
function summarize(runs: Run[]) {
  const whole = (f: 'wall' | 'cpu' | 'peakRssMb') => median(runs.map((r) => r[f]));
  return {
    wall: whole('wall'),
    cpu: whole('cpu'),
    peakRssMb: whole('peakRssMb'),
    epochs: runs.map((r) => r.epochs),
    loss: runs[0].loss,
    shape: runs[0].shape,
    phases: Object.fromEntries(
      PHASES.map((p) => [
        p,
        {
          wallMs: phase(runs, p, 'wallMs'),
          cpuMs: phase(runs, p, 'cpuMs'),
          peakRssMb: phase(runs, p, 'peakRssMb'),
        },
      ]),
    ),
  };
}

function report(
  corpus: string,
  solver: string,
  riv: Run[],
  sk: Run[],
  json: boolean,
  log: (line: string) => void,
): void {
  const result = {
    case: `${corpus.split('/').pop()} ${solver}`,
    corpus,
    solver,
    rounds: riv.length,
    rivulet: summarize(riv),
    sklearn: summarize(sk),
    load: loadAverage(),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const R = result.rivulet;
  const S = result.sklearn;
  log('');
  log(
    `${corpus}, ${solver}: Rivulet ${R.shape} (epochs ${R.epochs.join(',')}, loss ${R.loss.toPrecision(8)}); scikit-learn ${S.shape} (epochs ${S.epochs.join(',')}, loss ${S.loss.toPrecision(8)})`,
  );
  const rows: string[][] = [
    ['whole process, wall s', fmt(R.wall), fmt(S.wall), fmt(R.wall / S.wall)],
    ['whole process, CPU s', fmt(R.cpu), fmt(S.cpu), fmt(R.cpu / S.cpu)],
    ['whole process, peak RSS MiB', fmt(R.peakRssMb, 0), fmt(S.peakRssMb, 0), fmt(R.peakRssMb / S.peakRssMb)],
  ];
  // Rivulet tokenizes and counts while it reads; scikit-learn reads, then vectorizes: compare the sums.
  const readVectorize = (side: typeof R, field: 'wallMs' | 'cpuMs') =>
    side.phases.read[field] + side.phases.vectorize[field];
  rows.push([
    'read + vectorize: wall s / CPU s',
    `${fmt(readVectorize(R, 'wallMs') / 1000)} / ${fmt(readVectorize(R, 'cpuMs') / 1000)}`,
    `${fmt(readVectorize(S, 'wallMs') / 1000)} / ${fmt(readVectorize(S, 'cpuMs') / 1000)}`,
    fmt(readVectorize(R, 'wallMs') / readVectorize(S, 'wallMs')),
  ]);
  for (const p of PHASES) {
    const r = R.phases[p];
    const s = S.phases[p];
    rows.push([
      `${p}: wall s / CPU s / peak MiB`,
      `${fmt(r.wallMs / 1000)} / ${fmt(r.cpuMs / 1000)} / ${fmt(r.peakRssMb, 0)}`,
      `${fmt(s.wallMs / 1000)} / ${fmt(s.cpuMs / 1000)} / ${fmt(s.peakRssMb, 0)}`,
      fmt(r.wallMs / s.wallMs),
    ]);
  }
  log(table(['', 'rivulet', 'sklearn', 'ratio'], rows));
  log(`load average after: ${result.load}`);
}

/**
 * Start-up alone, whole processes: `rivulet --version` (Node and the command line's own modules) and the
 * module loading of `rivulet topics` up to reading its corpus (the probe's start-up mark, from the gcide
 * runs' table), against Python importing what the scikit-learn script imports. Alternating, medians.
 */
function startUp(rounds: number, json: boolean, log: (line: string) => void): void {
  const runs = Math.max(5, rounds);
  const rivulet: { wall: number; cpu: number }[] = [];
  const python: { wall: number; cpu: number }[] = [];
  const dir = join(TMP, 'e2e');
  const imports =
    'import json, gzip, numpy; from sklearn.decomposition import NMF; from sklearn.feature_extraction.text import TfidfVectorizer';
  for (let r = 0; r < runs; r++) {
    rivulet.push(
      timedProcess(
        process.execPath,
        [join(ROOT, 'packages', 'cli', 'dist', 'bin.js'), '--version'],
        dir,
        process.env,
      ),
    );
    python.push(timedProcess(PYTHON, ['-c', imports], dir, process.env));
  }
  const m = (xs: { wall: number; cpu: number }[], f: 'wall' | 'cpu') => median(xs.map((x) => x[f]));
  const result = {
    case: 'start-up',
    rivuletVersion: { wall: m(rivulet, 'wall'), cpu: m(rivulet, 'cpu') },
    sklearnImports: { wall: m(python, 'wall'), cpu: m(python, 'cpu') },
    runs,
    load: loadAverage(),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  log('');
  log(
    `start-up, ${runs} alternating runs, medians: \`rivulet --version\` ${fmt(result.rivuletVersion.wall)} s wall / ${fmt(result.rivuletVersion.cpu)} s CPU; ` +
      `python3 importing numpy + sklearn's NMF and TfidfVectorizer ${fmt(result.sklearnImports.wall)} s / ${fmt(result.sklearnImports.cpu)} s (load ${result.load})`,
  );
}
