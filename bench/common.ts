import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';

/** The repository root (bench/dist/… → ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Scratch space for exported matrices (gitignored). */
export const TMP = join(ROOT, '.bench-tmp');
/** The interpreter that has Debian's scikit-learn (RIVULET_BENCH_PYTHON overrides it). */
export const PYTHON = process.env.RIVULET_BENCH_PYTHON ?? '/usr/bin/python3';
export const INSTALL_HINT = `scikit-learn not found under ${PYTHON}: install it with \`apt-get install python3-sklearn libopenblas0-pthread\``;

/** Parsed `--name value` / `--flag` arguments after the subcommand. */
export interface Args {
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

export function parseArgs(argv: readonly string[], valued: readonly string[]): Args {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument ${a}`);
    const name = a.slice(2);
    if (valued.includes(name)) {
      if (i + 1 >= argv.length) throw new Error(`bench: --${name} needs a value`);
      values.set(name, argv[++i]);
    } else flags.add(name);
  }
  return { flags, values };
}

export function intArg(args: Args, name: string, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`bench: --${name} must be a positive integer, got ${raw}`);
  return v;
}

/** `--corpus`, else ../shared/corpus/en.jsonl beside the repository, else the bundled data/en.jsonl. */
export function corpusPath(args: Args): string {
  const given = args.values.get('corpus');
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`bench: --corpus ${given} does not exist`);
    return resolve(given);
  }
  const shared = resolve(ROOT, '..', 'shared', 'corpus', 'en.jsonl');
  return existsSync(shared) ? shared : join(ROOT, 'data', 'en.jsonl');
}

/**
 * `--corpus`, else the large `../shared/corpus/gcide.jsonl.gz` beside the repository (111,385 dictionary
 * entries), else {@link corpusPath}'s default.
 */
export function largeCorpusPath(args: Args): string {
  if (args.values.has('corpus')) return corpusPath(args);
  const gcide = resolve(ROOT, '..', 'shared', 'corpus', 'gcide.jsonl.gz');
  return existsSync(gcide) ? gcide : corpusPath(args);
}

/** The load averages (1, 5, 15 minutes) as `uptime` prints them, for every figure's record. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** Whether /usr/bin/python3 can import scikit-learn. */
export function sklearnAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, threadpoolctl'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Runs a script under scripts/bench with /usr/bin/python3 and parses its last stdout line as JSON. */
export function runPython<T>(script: string, args: readonly string[]): T {
  return runJson<T>(PYTHON, [join(ROOT, 'scripts', 'bench', script), ...args]);
}

/** Runs a bench round file (bench/dist/NAME.js) in a fresh node process and parses its JSON output. */
export function runNode<T>(file: string, args: readonly string[], nodeArgs: readonly string[] = []): T {
  return runJson<T>(process.execPath, [...nodeArgs, join(ROOT, 'bench', 'dist', file), ...args]);
}

function runJson<T>(command: string, args: readonly string[]): T {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`bench: ${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Metadata written by scripts/bench/export_matrix.py. */
export interface ExportMeta {
  rows: number;
  cols: number;
  nnz: number;
  ks: number[];
  corpus: string;
  scale: number;
  vectorizer: string;
  init: string;
}

/** Exports the corpus's TF-IDF matrix and nndsvda starts into `dir` (scikit-learn side). */
export function exportWorkload(corpus: string, dir: string, ks: readonly number[], scale = 1): ExportMeta {
  mkdirSync(dir, { recursive: true });
  return runPython<ExportMeta>('export_matrix.py', [
    corpus,
    dir,
    '--scale',
    String(scale),
    '--ks',
    ks.join(','),
  ]);
}

function readTyped<T>(path: string, make: (buffer: ArrayBuffer) => T): T {
  const b = readFileSync(path);
  return make(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Loads an exported CSR matrix (indptr.i32, indices.i32, data.f64 and meta.json with rows, cols) from `dir`. */
export function loadMatrix<M extends { rows: number; cols: number }>(dir: string): { meta: M; A: CsrMatrix } {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as M;
  const A = new CsrMatrix(
    meta.rows,
    meta.cols,
    readTyped(join(dir, 'indptr.i32'), (b) => new Int32Array(b)),
    readTyped(join(dir, 'indices.i32'), (b) => new Int32Array(b)),
    readTyped(join(dir, 'data.f64'), (b) => new Float64Array(b)),
  );
  return { meta, A };
}

/** Loads an exported workload: A (rows × cols CSR), W0 (rows × k), H0 (k × cols). */
export function loadWorkload(
  dir: string,
  k: number,
): { meta: ExportMeta; A: CsrMatrix; W0: DenseMatrix; H0: DenseMatrix } {
  const { meta, A } = loadMatrix<ExportMeta>(dir);
  const W0 = new DenseMatrix(
    meta.rows,
    k,
    readTyped(join(dir, `W0-k${k}.f64`), (b) => new Float64Array(b)),
  );
  const H0 = new DenseMatrix(
    k,
    meta.cols,
    readTyped(join(dir, `H0-k${k}.f64`), (b) => new Float64Array(b)),
  );
  return { meta, A, W0, H0 };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Formats a number with `digits` decimals, or '—' for null. */
export function fmt(value: number | null, digits = 2): string {
  return value === null || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

/** A plain-text table with right-aligned columns (the first left-aligned). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
