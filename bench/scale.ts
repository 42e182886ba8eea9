import { join } from 'node:path';
import {
  type Args,
  corpusPath,
  exportWorkload,
  fmt,
  INSTALL_HINT,
  intArg,
  median,
  runNode,
  runPython,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';

interface Round {
  ms: number[];
  peakRssMb: number;
}

/**
 * `pnpm bench scale [--json] [--corpus PATH] [--k 10] [--solver mu] [--iterations 20] [--rounds 3]`: NMF per-iteration
 * time and peak resident memory on the corpus resampled to 1×, 2×, 4× and 8× its documents (with
 * replacement, seed 0), to show cost linear in the non-zeros. Needs scikit-learn to build the matrices.
 */
export function benchScale(args: Args): void {
  const json = args.flags.has('json');
  const k = intArg(args, 'k', 10);
  const iterations = intArg(args, 'iterations', 20);
  const rounds = intArg(args, 'rounds', 3);
  const solver = args.values.get('solver') ?? 'mu';
  const corpus = corpusPath(args);
  if (!sklearnAvailable()) throw new Error(`bench scale: ${INSTALL_HINT}`);
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const rows: string[][] = [];
  let base: number | null = null;
  for (const scale of [1, 2, 4, 8]) {
    const dir = join(TMP, `scale-${scale}`);
    const meta = exportWorkload(corpus, dir, [k], scale);
    const a = [dir, solver, String(k), String(iterations)];
    const rivRounds: Round[] = [];
    const skRounds: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      rivRounds.push(runNode<Round>('nmfRound.js', [...a, 'wasm', '2']));
      skRounds.push(runPython<Round>('nmf_sklearn.py', a));
    }
    const rivMs = median(rivRounds.flatMap((x) => x.ms));
    const skMs = median(skRounds.flatMap((x) => x.ms));
    const riv = { peakRssMb: Math.max(...rivRounds.map((x) => x.peakRssMb)) };
    const sk = { peakRssMb: Math.max(...skRounds.map((x) => x.peakRssMb)) };
    const perNnz = (rivMs / meta.nnz) * 1e6;
    base ??= perNnz;
    const result = {
      case: `scale-${scale}x`,
      solver,
      k,
      rows: meta.rows,
      cols: meta.cols,
      nnz: meta.nnz,
      rivulet_ms_per_iter: rivMs,
      rivulet_ns_per_nnz: perNnz,
      rivulet_peak_rss_mb: riv.peakRssMb,
      sklearn_ms_per_iter: skMs,
      sklearn_peak_rss_mb: sk.peakRssMb,
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    rows.push([
      `${scale}×`,
      `${meta.rows} × ${meta.cols}`,
      String(meta.nnz),
      fmt(rivMs),
      fmt(perNnz, 1),
      fmt(perNnz / base),
      fmt(riv.peakRssMb, 0),
      fmt(skMs),
      fmt(sk.peakRssMb, 0),
    ]);
  }
  if (!json) {
    log(
      `${solver}, k = ${k}, median of ${rounds} rounds × ${iterations} iterations per size; peak RSS of the whole process (max over rounds)`,
    );
    log(
      table(
        [
          'size',
          'rows × cols',
          'nnz',
          'rivulet ms/iter',
          'ns/nnz',
          'vs 1×',
          'rivulet MB',
          'sklearn ms/iter',
          'sklearn MB',
        ],
        rows,
      ),
    );
  }
}
