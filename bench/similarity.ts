import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitNmf } from '@rivulet/decomposition';
import { readJsonl } from '@rivulet/sources';
import { tokenize } from '@rivulet/tokenizer';
import { fitVectorizer } from '@rivulet/vectorizer';
import { lastValueFrom, toArray } from 'rxjs';
import {
  type Args,
  corpusPath,
  fmt,
  INSTALL_HINT,
  intArg,
  median,
  PYTHON,
  runNode,
  runPython,
  sklearnAvailable,
  TMP,
  table,
} from './common.js';
import type { SimilarityMeta, SimilarityRound } from './similarityRound.js';

interface SklearnRound {
  fit_seconds: number[];
  query_seconds: number[];
  indices: number[][];
  scores: number[][];
  blas: string[];
}

/** The sides compared; each round runs every side once, in a rotated order, each in a fresh process. */
const SIDES = ['exact', 'single', 'plain', 'sklearn', 'usearch'] as const;
type Side = (typeof SIDES)[number];

const LABEL: Record<Side, string> = {
  exact: 'Rivulet queryMany (exact)',
  single: 'Rivulet query() one at a time (before)',
  plain: 'plain loop (TypeScript)',
  sklearn: 'sklearn NearestNeighbors(cosine, brute)',
  usearch: '@rivulet/similarity-usearch (HNSW, approximate)',
};

/**
 * Topic rows from a real NMF: the corpus tokenized (English stop words), TF-IDF with min_df 2 and
 * max_df 0.95, NMF with 20 components (MU, seed 0); the first `queries` non-zero rows are also the
 * queries. Written once to .bench-tmp/similarity (delete it, or pass --fresh, to rebuild).
 */
async function workload(
  dir: string,
  corpus: string,
  queries: number,
  fresh: boolean,
): Promise<SimilarityMeta> {
  const metaPath = join(dir, 'meta.json');
  if (!fresh && existsSync(metaPath)) {
    const { loadSimilarityWorkload } = await import('./similarityRound.js');
    const { meta } = loadSimilarityWorkload(dir);
    if (meta.corpus === corpus && meta.queries === queries) return meta;
  }
  mkdirSync(dir, { recursive: true });
  const docs = await lastValueFrom(readJsonl(corpus).pipe(tokenize({ stopWords: 'en' }), toArray()));
  const fitted = fitVectorizer(docs, { minDf: 2, maxDf: 0.95 });
  const matrix = fitted.transform(docs);
  const { W } = await fitNmf(matrix, { components: 20, solver: 'mu', seed: 0 });
  const d = W.cols;
  const chosen: number[] = [];
  for (let i = 0; i < W.rows && chosen.length < queries; i++)
    if (W.row(i).some((v) => v !== 0)) chosen.push(i);
  const q = new Float64Array(chosen.length * d);
  for (let r = 0; r < chosen.length; r++) q.set(W.data.subarray(chosen[r] * d, (chosen[r] + 1) * d), r * d);
  writeFileSync(join(dir, 'rows.f64'), W.data);
  writeFileSync(join(dir, 'queries.f64'), q);
  const meta: SimilarityMeta = {
    rows: W.rows,
    queries: chosen.length,
    dim: d,
    corpus,
    documents: matrix.matrix.rows,
    terms: matrix.matrix.cols,
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return meta;
}

/** Mean over queries of |found ∩ truth| / |truth|: recall@k against the exact answer. */
function recall(found: readonly number[][], truth: readonly number[][]): number {
  let sum = 0;
  for (let q = 0; q < truth.length; q++) {
    const want = new Set(truth[q]);
    sum += found[q].filter((i) => want.has(i)).length / Math.max(1, truth[q].length);
  }
  return sum / truth.length;
}

/**
 * `pnpm bench similarity [--json] [--corpus PATH] [--queries 1000] [--k 10] [--rounds 5] [--repeats 3]
 * [--fresh]`: exact cosine top-k of `queries` topic rows against every topic row of the corpus —
 * Rivulet's blocked `queryMany` against a plain loop and scikit-learn's brute-force NearestNeighbors,
 * alternating fresh processes, medians over every repeat of every round.
 */
export async function benchSimilarity(args: Args): Promise<void> {
  const json = args.flags.has('json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const k = intArg(args, 'k', 10);
  const rounds = intArg(args, 'rounds', 5);
  const repeats = intArg(args, 'repeats', 3);
  const corpus = corpusPath(args);
  const dir = join(TMP, 'similarity');
  const meta = await workload(dir, corpus, intArg(args, 'queries', 1000), args.flags.has('fresh'));
  const haveSklearn = sklearnAvailable();
  if (!haveSklearn) log(INSTALL_HINT);
  const sides = SIDES.filter((s) => s !== 'sklearn' || haveSklearn);

  log(`${new Date().toISOString()}, ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  log(
    `corpus ${meta.corpus}: ${meta.documents} documents × ${meta.terms} terms → NMF k = ${meta.dim} (MU, seed 0)`,
  );
  log(
    `${meta.queries} queries × ${meta.rows} rows, top ${k} by cosine; ${rounds} alternating rounds × ${repeats} repeats per side`,
  );

  const build = new Map<Side, number[]>(sides.map((s) => [s, []]));
  const query = new Map<Side, number[]>(sides.map((s) => [s, []]));
  const found = new Map<Side, number[][]>();
  let blas: string[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let p = 0; p < sides.length; p++) {
      const side = sides[(p + r) % sides.length];
      if (side === 'sklearn') {
        const s = runPython<SklearnRound>('similarity_sklearn.py', [dir, String(k), String(repeats)]);
        build.get(side)?.push(...s.fit_seconds);
        query.get(side)?.push(...s.query_seconds);
        found.set(side, s.indices);
        blas = s.blas;
      } else {
        const s = runNode<SimilarityRound>('similarityRound.js', [dir, side, String(k), String(repeats)]);
        build.get(side)?.push(...s.build_seconds);
        query.get(side)?.push(...s.query_seconds);
        found.set(side, s.indices);
      }
    }
  }
  if (haveSklearn) log(`numpy BLAS (${PYTHON}): ${blas.join('; ') || 'unknown'}`);
  log(`load after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  const truth = found.get('exact') ?? [];
  const exactQuery = median(query.get('exact') ?? []);
  const rows: string[][] = [];
  for (const side of sides) {
    const b = median(build.get(side) ?? []) * 1000;
    const q = median(query.get(side) ?? []) * 1000;
    const all = (query.get(side) ?? []).map((v) => v * 1000);
    const rec = recall(found.get(side) ?? [], truth);
    const record = {
      case: side,
      label: LABEL[side],
      build_ms: b,
      query_ms: q,
      query_ms_min: Math.min(...all),
      query_ms_max: Math.max(...all),
      ratio_to_exact: q / (exactQuery * 1000),
      recall_at_k: rec,
      k,
      queries: meta.queries,
      rows: meta.rows,
    };
    if (json) process.stdout.write(`${JSON.stringify(record)}\n`);
    rows.push([
      LABEL[side],
      fmt(b, 1),
      fmt(q, 1),
      `${fmt(Math.min(...all), 0)}–${fmt(Math.max(...all), 0)}`,
      fmt(q / (exactQuery * 1000), 2),
      fmt(rec, 4),
    ]);
  }
  log(table(['side', 'build ms', 'query ms', 'range', 'ratio to exact', `recall@${k} vs exact`], rows));
  log(
    `query ms: all ${meta.queries} queries, median of every repeat of every round; ratio = side / Rivulet exact (above 1 is slower). Between exact sides recall measures agreement: they differ only where scores tie or differ in the last bits.`,
  );
}
