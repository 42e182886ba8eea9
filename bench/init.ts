import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Args,
  fmt,
  INSTALL_HINT,
  intArg,
  largeCorpusPath,
  loadAverage,
  median,
  runNode,
  runPython,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';

interface Round {
  svdMs: number;
  initMs: number;
  s: number[];
}

interface Meta {
  rows: number;
  cols: number;
  nnz: number;
  corpus: string;
}

/**
 * `pnpm bench init [--json] [--corpus PATH] [--ks 10,20,50] [--rounds 3]`: the nndsvda start — the
 * randomized SVD behind it, and the whole start — in Rivulet against scikit-learn's `randomized_svd` and
 * `_initialize_nmf(X, k, 'nndsvda')`, on scikit-learn's TF-IDF matrix of the corpus (min_df 2, max_df
 * 0.95, English stop words; default corpus gcide), alternating fresh processes, one per side, k and round;
 * medians, ratios and the largest relative difference of the singular values.
 */
export function benchInit(args: Args): void {
  const json = args.flags.has('json');
  const rounds = intArg(args, 'rounds', 3);
  const ks = (args.values.get('ks') ?? '10,20,50').split(',').map((x) => {
    const k = Number(x);
    if (!Number.isInteger(k) || k < 1) throw new Error(`bench: --ks must be positive integers, got ${x}`);
    return k;
  });
  const corpus = largeCorpusPath(args);
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  if (!sklearnAvailable()) throw new Error(`bench init needs scikit-learn for its matrix. ${INSTALL_HINT}`);
  log(`${new Date().toISOString()}, load average ${loadAverage()}`);
  const dir = join(TMP, 'init');
  const meta = runPython<Meta>('init_sklearn.py', ['export', corpus, dir]);
  if (!existsSync(join(dir, 'meta.json'))) throw new Error(`bench: export to ${dir} failed`);
  log(
    `corpus ${corpus}: ${meta.rows} × ${meta.cols}, ${meta.nnz} non-zeros (scikit-learn TfidfVectorizer(min_df=2, max_df=0.95, stop_words='english'))`,
  );
  log(`${rounds} alternating rounds per k, each side a fresh process per round (kernel compile included)`);
  const rows: string[][] = [];
  for (const k of ks) {
    const riv: Round[] = [];
    const sk: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['sklearn', 'rivulet'] : ['rivulet', 'sklearn'];
      for (const side of order) {
        if (side === 'rivulet') riv.push(runNode<Round>('initRound.js', [dir, String(k)]));
        else sk.push(runPython<Round>('init_sklearn.py', ['round', dir, String(k)]));
      }
    }
    let diff = 0;
    for (let c = 0; c < k; c++) diff = Math.max(diff, Math.abs(riv[0].s[c] - sk[0].s[c]) / sk[0].s[c]);
    const result = {
      case: `k${k}`,
      k,
      rounds,
      rivulet_svd_ms: median(riv.map((x) => x.svdMs)),
      sklearn_svd_ms: median(sk.map((x) => x.svdMs)),
      rivulet_init_ms: median(riv.map((x) => x.initMs)),
      sklearn_init_ms: median(sk.map((x) => x.initMs)),
      singular_value_rel_diff: diff,
      load: loadAverage(),
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    rows.push([
      `k${k}`,
      fmt(result.rivulet_svd_ms, 0),
      fmt(result.sklearn_svd_ms, 0),
      fmt(result.rivulet_svd_ms / result.sklearn_svd_ms),
      fmt(result.rivulet_init_ms, 0),
      fmt(result.sklearn_init_ms, 0),
      fmt(result.rivulet_init_ms / result.sklearn_init_ms),
      diff.toExponential(1),
      result.load,
    ]);
  }
  log(
    table(
      [
        'case',
        'rivulet svd ms',
        'sklearn svd ms',
        'ratio',
        'rivulet init ms',
        'sklearn init ms',
        'ratio',
        'σ rel. diff',
        'load after',
      ],
      rows,
    ),
  );
  log(
    'svd: randomized SVD alone; init: the whole nndsvda start; ratio = Rivulet / scikit-learn (lower is better).',
  );
  log(`finished ${new Date().toISOString()}, load average ${loadAverage()}`);
}
