import { integerOption, type Neighbour, RivuletError, type SimilarityIndex } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { checkRow } from './checkRow.js';
import { clampUnit } from './clampUnit.js';
import { normalizeRow } from './normalizeRow.js';
import { syrk } from './syrk.js';
import { TopKHeap } from './TopKHeap.js';

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
    return clampUnit(dot(this.data, i * this.dim, this.data, j * this.dim, this.dim));
  }

  /**
   * The `k` rows most similar to row `i`, best first, row `i` itself excluded; equal scores are ordered
   * by lower row index. Fewer than `k` come back when fewer other rows exist (min(k, size − 1)).
   * Runs in O(size · log k) with a bounded heap: the rows are never fully sorted.
   */
  topK(i: number, k: number): Neighbour[] {
    this.checkRowIndex('i', i);
    integerOption(this.stage, 'k', k, { min: 1 });
    return this.scan(this.data, i * this.dim, i, k, Number.NEGATIVE_INFINITY);
  }

  /**
   * The `k` rows most similar to `vector`, which need not be a row of the index (a new document's topic
   * weights, say), best first; equal scores are ordered by lower row index. A zero vector scores 0 with
   * every row. Runs in O(size · dimension + size · log k).
   * @throws RivuletError `invalid-option` for a bad `k`; `invalid-input` for a vector that is not
   *   `dimension` finite numbers
   */
  query(vector: ArrayLike<number>, k: number): Neighbour[] {
    integerOption(this.stage, 'k', k, { min: 1 });
    checkRow(this.stage, 'vector', vector, this.dim);
    const unit = new Float64Array(this.dim);
    normalizeRow(vector, 0, this.dim, unit, 0);
    return this.scan(unit, 0, -1, k, Number.NEGATIVE_INFINITY);
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

  /**
   * Top-k of the stored rows against the unit vector `query[offset .. offset + dimension)`, skipping row
   * `exclude` (−1 for none) and scores below `threshold`.
   */
  protected scan(
    query: Float64Array,
    offset: number,
    exclude: number,
    k: number,
    threshold: number,
  ): Neighbour[] {
    const { data, dim, count } = this;
    const candidates = exclude >= 0 ? count - 1 : count;
    const heap = new TopKHeap(Math.min(k, candidates));
    for (let j = 0; j < count; j++) {
      if (j === exclude) continue;
      const score = clampUnit(dot(query, offset, data, j * dim, dim));
      if (score >= threshold) heap.push(j, score);
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

function dot(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += x[xOffset + k] * y[yOffset + k];
  return sum;
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
