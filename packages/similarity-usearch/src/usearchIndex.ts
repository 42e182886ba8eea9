import {
  describeValue,
  integerOption,
  knownOptions,
  type Neighbour,
  numberOption,
  oneOfOption,
  RivuletError,
  type SimilarityIndex,
} from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import { cosine, type QueryOptions, similarityIndex } from '@rivulet/similarity';
import { type BatchMatches, Index, type Matches, MetricKind, ScalarKind } from 'usearch';

const STAGE = 'usearchIndex';

/** How usearch stores the vectors of its graph (the scores returned are always recomputed in float64). */
export type UsearchQuantization = 'f64' | 'f32' | 'f16' | 'bf16' | 'i8';

/** Options of {@link usearchIndex}. */
export interface UsearchIndexOptions {
  /** Edges per node of the HNSW graph (usearch's `connectivity`, HNSW's M); default 16. */
  readonly connectivity?: number;
  /** Candidate list size while building (HNSW's efConstruction); default 128. */
  readonly expansionAdd?: number;
  /** Candidate list size while searching (HNSW's ef); default 128. Higher: better recall, slower. */
  readonly expansionSearch?: number;
  /** Storage of the graph's vectors; default `'f32'`. */
  readonly quantization?: UsearchQuantization;
  /**
   * Candidates fetched per neighbour asked for, then rescored exactly and cut to `k`; default 2. Raises
   * recall for the price of a few more dot products.
   */
  readonly oversample?: number;
  /**
   * Threads usearch builds and searches with; default 1. With more than one the graph, and so which
   * approximate neighbours are found, can differ from run to run.
   */
  readonly threads?: number;
  /** The ceiling on `pairwise()`, in bytes (default 1 GiB), as in `@rivulet/similarity`. */
  readonly maxBytes?: number;
}

const QUANTIZATION: Record<UsearchQuantization, ScalarKind> = {
  f64: ScalarKind.F64,
  f32: ScalarKind.F32,
  f16: ScalarKind.F16,
  bf16: ScalarKind.BF16,
  i8: ScalarKind.I8,
};

/** A cosine index whose `topK`, `query` and `queryMany` are approximate (HNSW); see {@link usearchIndex}. */
export interface ApproximateSimilarityIndex extends SimilarityIndex {
  /** The HNSW settings in use, defaults filled in. */
  readonly settings: Required<Omit<UsearchIndexOptions, 'maxBytes'>>;
}

/**
 * An approximate cosine index over the rows of a matrix, on usearch's HNSW graph (Malkov & Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small World
 * graphs", IEEE TPAMI 2020), behind the same `SimilarityIndex` interface as `@rivulet/similarity`'s exact
 * `similarityIndex`: for large collections, where a full scan per query is too slow.
 *
 * What is approximate: which rows `topK`, `query` and `queryMany` return (a true neighbour can be
 * missed; `pnpm bench similarity` reports recall@10). What is not: their scores — the graph proposes
 * `oversample × k` candidates, each is rescored in float64 with `cosine` of `@rivulet/similarity`, and
 * the best `k` are returned best first, equal scores by lower row index (the exact index's rule).
 * `cosine(i, j)` and `pairwise()` are exact (they come from an exact index over the same rows).
 *
 * Zero rows are indexed but never returned as neighbours (their cosine is 0 with every vector); an
 * all-zero query is an `invalid-input` error, as in the exact index.
 *
 * @example
 * ```ts
 * import { DenseMatrix } from '@rivulet/linalg';
 * import { usearchIndex } from '@rivulet/similarity-usearch';
 * const index = usearchIndex(DenseMatrix.fromRows([[1, 0], [0.9, 0.1], [0, 1]]), ['a', 'b', 'c']);
 * index.query([1, 0.05], 1); // [{ index: 0, id: 'a', score: 0.9987… }]
 * ```
 * @param rows n × d (e.g. W: documents × components); copied
 * @param ids one id per row, reported in neighbours
 * @throws RivuletError `invalid-input` for a non-matrix, a non-finite value or ids of the wrong length;
 *   `invalid-option` for a bad option
 */
export function usearchIndex(
  rows: DenseMatrix,
  ids?: readonly string[],
  options: UsearchIndexOptions = {},
): ApproximateSimilarityIndex {
  const settings = usearchSettings(STAGE, options);
  // The exact index validates rows and ids, copies the rows, and answers cosine(i, j) and pairwise().
  const exact = similarityIndex(
    rows,
    ids,
    options.maxBytes === undefined ? undefined : { maxBytes: options.maxBytes },
  );
  return new UsearchIndex(exact, rows, ids?.slice(), settings);
}

/**
 * Checks the options of {@link usearchIndex} (unknown keys included, as `stage`) and fills in the defaults.
 * @throws RivuletError `invalid-option`
 */
export function usearchSettings(
  stage: string,
  options: UsearchIndexOptions,
  extra: readonly string[] = [],
): ApproximateSimilarityIndex['settings'] {
  knownOptions(stage, options, [
    ...extra,
    'connectivity',
    'expansionAdd',
    'expansionSearch',
    'quantization',
    'oversample',
    'threads',
    'maxBytes',
  ]);
  return {
    connectivity: integerOption(stage, 'connectivity', options.connectivity ?? 16, { min: 2, max: 1024 }),
    expansionAdd: integerOption(stage, 'expansionAdd', options.expansionAdd ?? 128, { min: 1 }),
    expansionSearch: integerOption(stage, 'expansionSearch', options.expansionSearch ?? 128, { min: 1 }),
    quantization: oneOfOption(stage, 'quantization', options.quantization ?? 'f32', [
      'f64',
      'f32',
      'f16',
      'bf16',
      'i8',
    ] as const),
    oversample: numberOption(stage, 'oversample', options.oversample ?? 2, { min: 1, max: 1000 }),
    threads: integerOption(stage, 'threads', options.threads ?? 1, { min: 1, max: 1024 }),
  };
}

class UsearchIndex implements ApproximateSimilarityIndex {
  readonly settings: ApproximateSimilarityIndex['settings'];
  private readonly exact: SimilarityIndex;
  private readonly rows: Float64Array[];
  private readonly ids: string[] | undefined;
  private readonly dim: number;
  private readonly graph: Index;
  private readonly indexed: number;

  constructor(
    exact: SimilarityIndex,
    matrix: DenseMatrix,
    ids: string[] | undefined,
    settings: ApproximateSimilarityIndex['settings'],
  ) {
    this.exact = exact;
    this.settings = settings;
    this.ids = ids;
    this.dim = matrix.cols;
    this.rows = [];
    for (let i = 0; i < matrix.rows; i++) {
      this.rows.push(matrix.data.slice(i * matrix.cols, (i + 1) * matrix.cols));
    }
    this.graph = new Index({
      dimensions: Math.max(1, matrix.cols),
      metric: MetricKind.Cos,
      quantization: QUANTIZATION[settings.quantization],
      connectivity: settings.connectivity,
      expansion_add: settings.expansionAdd,
      expansion_search: settings.expansionSearch,
      multi: false,
    });
    // Zero rows have no direction: they stay out of the graph (cosine 0 with everything).
    const keys: bigint[] = [];
    const vectors: Float64Array[] = [];
    for (let i = 0; i < this.rows.length; i++) {
      if (this.rows[i].some((v) => v !== 0)) {
        keys.push(BigInt(i));
        vectors.push(this.rows[i]);
      }
    }
    if (keys.length > 0) {
      // usearch's JavaScript API takes float32 (it converts anything else); the graph stores `quantization`.
      const flat = new Float32Array(keys.length * this.dim);
      for (let r = 0; r < vectors.length; r++) flat.set(vectors[r], r * this.dim);
      this.graph.add(BigUint64Array.from(keys), flat, settings.threads);
    }
    this.indexed = keys.length;
  }

  get size(): number {
    return this.rows.length;
  }

  cosine(i: number, j: number): number {
    return this.exact.cosine(i, j);
  }

  pairwise(): DenseMatrix {
    return this.exact.pairwise();
  }

  topK(i: number, k: number): Neighbour[] {
    integerOption(STAGE, 'i', i, {
      min: 0,
      max: this.rows.length - 1,
      label: `[0, size − 1] = [0, ${this.rows.length - 1}]`,
    });
    integerOption(STAGE, 'k', k, { min: 1 });
    if (!this.rows[i].some((v) => v !== 0)) return this.exact.topK(i, k);
    return this.search([this.rows[i]], k, Number.NEGATIVE_INFINITY, i)[0];
  }

  query(vector: ArrayLike<number>, k: number, options: QueryOptions = {}): Neighbour[] {
    const threshold = this.queryOptions(k, options);
    return this.search([this.checkQuery(vector, 'vector')], k, threshold, -1)[0];
  }

  queryMany(vectors: DenseMatrix, k: number, options: QueryOptions = {}): Neighbour[][] {
    const threshold = this.queryOptions(k, options);
    const m = vectors?.rows;
    if (!Number.isInteger(m) || !(vectors.data instanceof Float64Array) || vectors.cols !== this.dim) {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `vectors must be a DenseMatrix with ${this.dim} columns (the dimension), got ${
          Number.isInteger(m) ? `${m} × ${vectors.cols}` : describeValue(vectors)
        }`,
        { parameter: 'vectors' },
      );
    }
    const queries: Float64Array[] = [];
    for (let q = 0; q < m; q++) {
      queries.push(
        this.checkQuery(vectors.data.subarray(q * this.dim, (q + 1) * this.dim), `vectors row ${q}`),
      );
    }
    return this.search(queries, k, threshold, -1);
  }

  private queryOptions(k: number, options: QueryOptions): number {
    integerOption(STAGE, 'k', k, { min: 1 });
    knownOptions(STAGE, options, ['threshold']);
    return options.threshold === undefined
      ? Number.NEGATIVE_INFINITY
      : numberOption(STAGE, 'threshold', options.threshold, { min: -1, max: 1 });
  }

  /** The query as float64, checked: its length, finite values, and not all zeros. */
  private checkQuery(vector: ArrayLike<number>, parameter: string): Float64Array {
    if (vector === null || typeof vector !== 'object' || typeof vector.length !== 'number') {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `${parameter} must be an array or typed array of numbers, got ${describeValue(vector)}`,
        { parameter: 'vector' },
      );
    }
    if (vector.length !== this.dim) {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `${parameter} must have ${this.dim} values (the dimension), got ${vector.length}`,
        { parameter: 'vector' },
      );
    }
    const out = Float64Array.from(vector);
    let zero = true;
    for (let l = 0; l < out.length; l++) {
      if (!Number.isFinite(out[l])) {
        throw new RivuletError(
          'invalid-input',
          STAGE,
          `${parameter}[${l}] must be a finite number, got ${describeValue(vector[l])}`,
          { parameter: 'vector' },
        );
      }
      if (out[l] !== 0) zero = false;
    }
    if (zero) {
      throw new RivuletError(
        'invalid-input',
        STAGE,
        `${parameter} is all zeros: its cosine with every row is 0, so it has no nearest neighbours (a text with no known term has no topics); leave such queries out`,
        { parameter: parameter.startsWith('vectors') ? 'vectors' : 'vector' },
      );
    }
    return out;
  }

  /**
   * The graph's `oversample × k` candidates for each query, rescored exactly; the best `k` at or above
   * `threshold`, `exclude` (a row index, or −1) left out; best first, equal scores by lower index.
   */
  private search(queries: Float64Array[], k: number, threshold: number, exclude: number): Neighbour[][] {
    if (this.indexed === 0 || queries.length === 0) return queries.map(() => []);
    const fetch = Math.min(this.indexed, Math.ceil((exclude >= 0 ? k + 1 : k) * this.settings.oversample));
    // One flat array of every query (usearch reads float32); one query comes back as plain Matches.
    const flat = new Float32Array(queries.length * this.dim);
    for (let q = 0; q < queries.length; q++) flat.set(queries[q], q * this.dim);
    const found: Matches | BatchMatches = this.graph.search(flat, fetch, this.settings.threads);
    const out: Neighbour[][] = [];
    for (let q = 0; q < queries.length; q++) {
      const matches = isBatch(found) ? found.get(q) : found;
      const scored: { index: number; score: number }[] = [];
      for (let c = 0; c < matches.keys.length; c++) {
        const index = Number(matches.keys[c]);
        if (index === exclude) continue;
        const score = cosine(queries[q], this.rows[index]);
        if (score >= threshold) scored.push({ index, score });
      }
      scored.sort((a, b) => b.score - a.score || a.index - b.index);
      out.push(scored.slice(0, k).map(({ index, score }) => ({ index, id: this.ids?.[index], score })));
    }
    return out;
  }
}

/** usearch answers a single query with `Matches`, several with `BatchMatches`. */
function isBatch(found: Matches | BatchMatches): found is BatchMatches {
  return 'counts' in found;
}
