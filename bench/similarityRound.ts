import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DenseMatrix } from '@rivulet/linalg';
import { similarityIndex } from '@rivulet/similarity';
import { usearchIndex } from '@rivulet/similarity-usearch';

/** The rows and queries written by `pnpm bench similarity` (little-endian float64, row-major). */
export interface SimilarityMeta {
  rows: number;
  queries: number;
  dim: number;
  corpus: string;
  documents: number;
  terms: number;
}

export function loadSimilarityWorkload(dir: string): {
  meta: SimilarityMeta;
  rows: DenseMatrix;
  queries: DenseMatrix;
} {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SimilarityMeta;
  const read = (name: string) => {
    const b = readFileSync(join(dir, name));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  return {
    meta,
    rows: new DenseMatrix(meta.rows, meta.dim, read('rows.f64')),
    queries: new DenseMatrix(meta.queries, meta.dim, read('queries.f64')),
  };
}

/** What one round prints: build and query seconds per repeat, and the neighbours of the last repeat. */
export interface SimilarityRound {
  build_seconds: number[];
  query_seconds: number[];
  indices: number[][];
}

/**
 * The plain loop the issue measured against: rows normalised once, then for each query one dot product
 * per row and an insertion into a sorted list of the k best — no blocking, no SIMD.
 */
function plainTopK(rows: DenseMatrix, queries: DenseMatrix, k: number): number[][] {
  const { rows: n, cols: d } = rows;
  const unit: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows.row(i);
    const norm = Math.hypot(...r);
    unit.push(r.map((v) => (norm === 0 ? 0 : v / norm)));
  }
  const out: number[][] = [];
  for (let q = 0; q < queries.rows; q++) {
    const x = queries.row(q);
    const norm = Math.hypot(...x);
    const best: { index: number; score: number }[] = [];
    for (let i = 0; i < n; i++) {
      const r = unit[i];
      let dot = 0;
      for (let l = 0; l < d; l++) dot += x[l] * r[l];
      const score = dot / norm;
      if (best.length === k && score <= best[k - 1].score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { index: i, score });
      if (best.length > k) best.pop();
    }
    out.push(best.map((b) => b.index));
  }
  return out;
}

/** One round in its own process: DIR MODE (exact | single | plain | usearch) K REPEATS. Prints a {@link SimilarityRound}. */
function main(): void {
  const [dir, mode, kText, repeatsText] = process.argv.slice(2);
  const k = Number(kText);
  const { rows, queries } = loadSimilarityWorkload(dir);
  const round: SimilarityRound = { build_seconds: [], query_seconds: [], indices: [] };
  for (let r = 0; r < Number(repeatsText); r++) {
    const t0 = performance.now();
    if (mode === 'exact') {
      const index = similarityIndex(rows);
      const t1 = performance.now();
      const found = index.queryMany(queries, k);
      const t2 = performance.now();
      round.build_seconds.push((t1 - t0) / 1000);
      round.query_seconds.push((t2 - t1) / 1000);
      round.indices = found.map((ns) => ns.map((n) => n.index));
    } else if (mode === 'single') {
      // The path before blocked products: one query at a time, one dot product per row (gemmNT with a
      // single row of A is the plain loop), then the heap.
      const index = similarityIndex(rows);
      const t1 = performance.now();
      const found = [];
      for (let q = 0; q < queries.rows; q++) found.push(index.query(queries.row(q), k));
      const t2 = performance.now();
      round.build_seconds.push((t1 - t0) / 1000);
      round.query_seconds.push((t2 - t1) / 1000);
      round.indices = found.map((ns) => ns.map((n) => n.index));
    } else if (mode === 'usearch') {
      const index = usearchIndex(rows);
      const t1 = performance.now();
      const found = index.queryMany(queries, k);
      const t2 = performance.now();
      round.build_seconds.push((t1 - t0) / 1000);
      round.query_seconds.push((t2 - t1) / 1000);
      round.indices = found.map((ns) => ns.map((n) => n.index));
    } else if (mode === 'plain') {
      round.indices = plainTopK(rows, queries, k);
      round.build_seconds.push(0);
      round.query_seconds.push((performance.now() - t0) / 1000);
    } else throw new Error(`similarityRound: unknown mode ${mode}`);
  }
  console.log(JSON.stringify(round));
}

if (process.argv[1]?.endsWith('similarityRound.js')) main();
