import {
  describeValue,
  integerOption,
  knownOptions,
  type Neighbour,
  numberOption,
  RivuletError,
  type SimilarityIndex,
} from '@rivulet/core';
import { DenseMatrix, gemmNT, syrk } from '@rivulet/linalg';
import { checkRow } from './checkRow.js';
import { clampUnit } from './clampUnit.js';
import { isDenseMatrix } from './isDenseMatrix.js';
import { normalizeRow } from './normalizeRow.js';
import { TopKHeap } from './TopKHeap.js';

/** Options of `query` and `queryMany`. */
export interface QueryOptions {
  /** Only neighbours with a cosine ≥ threshold, in [−1, 1] (default: no threshold). */
  readonly threshold?: number;
}

/**
 * Queries scored per block by `queryMany`: a block's scores (block × size doubles, 7.8 MB for 15,000
 * rows) stay small while each product is long enough for the SIMD kernel.
 */
const QUERY_BLOCK = 64;

/** 1 GiB: the default ceiling on the bytes of a pairwise matrix. */
export const DEFAULT_MAX_BYTES = 2 ** 30;

/**
 * Cosine similarity over rows stored once, divided by their norms (`data`: size × dimension, row-major,
 * the first `count` rows used), so every cosine is a dot product. Shared by the index over a fixed matrix
 * and by the growing live index.
 */
export class RowIndex implements SimilarityIndex {
  /** Stage name used in error messages. */
  protected readonly stage: string;
  /** Unit rows (zero rows stay zero), row-major; may hold spare capacity beyond `count` rows. */
  protected data: Float64Array;
  /** The norm of each row before normalisation. */
  protected norms: Float64Array;
  protected count: number;
  protected dim: number;
  protected readonly ids: string[] | undefined;
  protected readonly maxBytes: number;

  constructor(
    stage: string,
    data: Float64Array,
    norms: Float64Array,
    count: number,
    dim: number,
    ids: string[] | undefined,
    maxBytes: number,
  ) {
    this.stage = stage;
    this.data = data;
    this.norms = norms;
    this.count = count;
    this.dim = dim;
    this.ids = ids;
    this.maxBytes = maxBytes;
  }

  /** The number of rows indexed. */
  get size(): number {
    return this.count;
  }

  /** The cosine of rows `i` and `j` (0 when either is a zero row). */
  cosine(i: number, j: number): number {
    this.checkRowIndex('i', i);
    this.checkRowIndex('j', j);
    if (i === j) return this.norms[i] > 0 ? 1 : 0;
    const { data, dim } = this;
    const score = new Float64Array(1);
    gemmNT(1, dim, 1, data.subarray(i * dim, (i + 1) * dim), data.subarray(j * dim, (j + 1) * dim), score);
    return clampUnit(score[0]);
  }

  /**
   * The `k` rows most similar to row `i`, best first, row `i` itself excluded; equal scores are ordered
   * by lower row index. Fewer than `k` come back when fewer other rows exist (min(k, size − 1)).
   * Runs in O(size · log k) with a bounded heap: the rows are never fully sorted.
   */
  topK(i: number, k: number): Neighbour[] {
    this.checkRowIndex('i', i);
    integerOption(this.stage, 'k', k, { min: 1 });
    return this.scan(this.data.subarray(i * this.dim, (i + 1) * this.dim), i, k, Number.NEGATIVE_INFINITY);
  }

  /**
   * The `k` stored rows most similar to `vector` (which need not be stored), best first; equal scores
   * are ordered by lower row index. Fewer than `k` come back when fewer rows are stored or pass
   * `threshold`.
   * @throws RivuletError `invalid-input` for a vector of the wrong length, a non-finite value, or all
   *   zeros (its cosine with every row is 0, so it has no nearest neighbours); `invalid-option` for a bad
   *   `k`, `threshold` or option
   */
  query(vector: ArrayLike<number>, k: number, options: QueryOptions = {}): Neighbour[] {
    const threshold = this.queryOptions(k, options);
    checkRow(this.stage, 'vector', vector, this.dim === 0 ? undefined : this.dim);
    return this.queryChecked(vector, 'vector', k, threshold);
  }

  /**
   * `query` for every row of `vectors` (queries × dimension) at once: the queries are normalised and
   * scored against the stored rows by blocks of 64 with one matrix product each (`gemmNT` of
   * @rivulet/linalg), then the top `k` of each are selected with a bounded heap. Results equal `query`
   * row by row, bit for bit.
   * @throws RivuletError `invalid-input` for a non-matrix, a width other than the dimension, a non-finite
   *   value or an all-zero row (naming the row); `invalid-option` as `query`
   */
  queryMany(vectors: DenseMatrix, k: number, options: QueryOptions = {}): Neighbour[][] {
    const threshold = this.queryOptions(k, options);
    if (!isDenseMatrix(vectors)) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `vectors must be a DenseMatrix (queries × dimension), got ${describeValue(vectors)}`,
        { parameter: 'vectors' },
      );
    }
    const { rows: m, cols: d, data: values } = vectors;
    if (this.dim !== 0 && d !== this.dim) {
      throw new RivuletError(
        'invalid-input',
        this.stage,
        `vectors must have ${this.dim} columns (the dimension), got ${m} × ${d}`,
        { parameter: 'vectors' },
      );
    }
    for (let p = 0; p < values.length; p++) {
      if (!Number.isFinite(values[p])) {
        throw new RivuletError(
          'invalid-input',
          this.stage,
          `vectors (${Math.floor(p / d)}, ${p % d}) must be a finite number, got ${describeValue(values[p])}`,
          { parameter: 'vectors' },
        );
      }
    }
    const n = this.count;
    const block = Math.min(QUERY_BLOCK, m);
    const unit = new Float64Array(block * d);
    const scores = new Float64Array(block * n);
    const out: Neighbour[][] = [];
    for (let q0 = 0; q0 < m; q0 += block) {
      const b = Math.min(block, m - q0);
      for (let r = 0; r < b; r++) {
        if (normalizeRow(values, (q0 + r) * d, d, unit, r * d) === 0)
          throw this.zeroQuery(`vectors row ${q0 + r}`);
      }
      if (n === 0) {
        for (let r = 0; r < b; r++) out.push([]);
        continue;
      }
      gemmNT(b, d, n, unit, this.data, scores);
      for (let r = 0; r < b; r++) out.push(this.select(scores, r * n, -1, k, threshold));
    }
    return out;
  }

  /**
   * The `size × size` matrix of cosines: symmetric, 1 on the diagonal for non-zero rows (0 for zero rows).
   * @throws RivuletError `limit` when size² · 8 bytes exceeds `maxBytes`
   */
  pairwise(): DenseMatrix {
    const n = this.count;
    const bytes = n * n * 8;
    if (bytes > this.maxBytes) {
      throw new RivuletError(
        'limit',
        this.stage,
        `the ${n} × ${n} cosine matrix needs ${formatBytes(bytes)} (size² × 8 bytes), above maxBytes = ${this.maxBytes} (${formatBytes(this.maxBytes)}); ask for nearest neighbours with topK(i, k) instead, or raise maxBytes`,
        { parameter: 'maxBytes' },
      );
    }
    const out = new DenseMatrix(n, n);
    const c = out.data;
    syrk(n, this.dim, this.data, c);
    for (let p = 0; p < c.length; p++) c[p] = clampUnit(c[p]);
    for (let i = 0; i < n; i++) c[i * n + i] = this.norms[i] > 0 ? 1 : 0;
    return out;
  }

  /** Validates `k` and the query options; returns the threshold (−∞ for none). */
  protected queryOptions(k: number, options: QueryOptions): number {
    integerOption(this.stage, 'k', k, { min: 1 });
    knownOptions(this.stage, options, ['threshold']);
    return options.threshold === undefined
      ? Number.NEGATIVE_INFINITY
      : numberOption(this.stage, 'threshold', options.threshold, { min: -1, max: 1 });
  }

  /** `query` after validation: normalises `vector` (refusing a zero vector) and scans the stored rows. */
  protected queryChecked(
    vector: ArrayLike<number>,
    parameter: string,
    k: number,
    threshold: number,
  ): Neighbour[] {
    const unit = new Float64Array(vector.length);
    if (normalizeRow(vector, 0, vector.length, unit, 0) === 0) throw this.zeroQuery(parameter);
    if (this.count === 0) return [];
    return this.scan(unit, -1, k, threshold);
  }

  /**
   * The error for an all-zero query. By the zero-norm convention its cosine with every row is 0, so any
   * k rows would "match" equally: answering would be arbitrary, so the query is refused instead.
   */
  private zeroQuery(parameter: string): RivuletError {
    return new RivuletError(
      'invalid-input',
      this.stage,
      `${parameter} is all zeros: its cosine with every row is 0, so it has no nearest neighbours (a text with no known term has no topics); leave such queries out`,
      { parameter: parameter.startsWith('vectors') ? 'vectors' : parameter },
    );
  }

  /** Top-k of the stored rows against the unit vector `unit`, skipping row `exclude` (−1 for none). */
  protected scan(unit: Float64Array, exclude: number, k: number, threshold: number): Neighbour[] {
    const n = this.count;
    const scores = new Float64Array(n);
    gemmNT(1, this.dim, n, unit, this.data, scores);
    return this.select(scores, 0, exclude, k, threshold);
  }

  /**
   * The best `k` of `scores[offset .. offset + size)` (cosines against the stored rows), skipping row
   * `exclude` (−1 for none) and scores below `threshold`: highest first, equal scores by lower index.
   */
  private select(
    scores: Float64Array,
    offset: number,
    exclude: number,
    k: number,
    threshold: number,
  ): Neighbour[] {
    const n = this.count;
    const heap = new TopKHeap(Math.min(k, exclude >= 0 ? n - 1 : n));
    // Rows come in ascending order, so a candidate tying the worst kept pair has the higher index and
    // loses: once the heap is full only a strictly higher score gets in, and that is one comparison.
    let floor = heap.floor;
    for (let j = 0; j < n; j++) {
      const score = clampUnit(scores[offset + j]);
      if (score < threshold || score <= floor || j === exclude) continue;
      heap.push(j, score);
      floor = heap.floor;
    }
    return heap.drain(this.ids);
  }

  private checkRowIndex(parameter: string, value: number): void {
    integerOption(this.stage, parameter, value, {
      min: 0,
      max: this.count - 1,
      label: `[0, size − 1] = [0, ${this.count - 1}]`,
    });
  }
}

/** Bytes in binary units for messages: `3.0 GiB`. */
function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
