import { totalmem } from 'node:os';
import {
  describeValue,
  hasBrand,
  integerOption,
  invalidOption,
  knownOptions,
  type Neighbour,
  RivuletError,
  setBrand,
} from '@rivulet/core';
import { checkMaxBytes } from './internal/checkMaxBytes.js';
import { checkRow } from './internal/checkRow.js';
import { normalizeRow } from './internal/normalizeRow.js';
import { DEFAULT_MAX_BYTES, type QueryOptions, RowIndex } from './internal/RowIndex.js';

const STAGE = 'LiveSimilarityIndex';

/** The brand of LiveSimilarityIndex instances, shared by every copy of this package. */
const LIVE_INDEX_BRAND = Symbol.for('rivulet.LiveSimilarityIndex');

/** Options of a {@link LiveSimilarityIndex}. */
export interface LiveSimilarityOptions {
  /** The length of every row; taken from the first row added when omitted. */
  readonly dimension?: number;
  /**
   * Turns a text into a row, so that `add` and `query` accept strings. Similarity does not tokenize,
   * vectorize or decompose on its own (it imports none of those packages): the caller composes them, e.g.
   * a fitted vectorizer and `transformNmf` with a trained H.
   */
  readonly embed?: (text: string) => ArrayLike<number>;
  /** Rows to allocate room for at first (default 64); storage doubles whenever it is full. */
  readonly initialCapacity?: number;
  /** The ceiling on `pairwise()`, in bytes (default 1 GiB). */
  readonly maxBytes?: number;
}

/**
 * A cosine index that grows as rows arrive: `add` them one at a time, `query` the top-k at any moment.
 * Rows are stored divided by their norm (the norms kept) in one `Float64Array` that doubles when full, so
 * a query is one pass of dot products with a bounded heap: O(size · dimension + size · log k), never a
 * full sort. It is also a core `SimilarityIndex` over the rows added so far (`cosine`, `topK`,
 * `pairwise`).
 *
 * Shapes: every row has `dimension` values (e.g. one W row: components). A zero row has cosine 0 with
 * everything, as in scikit-learn's `cosine_similarity`.
 *
 * @example
 * ```ts
 * import { LiveSimilarityIndex } from '@rivulet/similarity';
 * const index = new LiveSimilarityIndex();
 * index.add('a', [1, 0]);
 * index.add('b', [0, 1]);
 * index.query([1, 0.1], 1); // [{ index: 0, id: 'a', score: 0.995… }]
 * ```
 */
export class LiveSimilarityIndex extends RowIndex {
  /**
   * True for a LiveSimilarityIndex made by any copy of `@rivulet/similarity` (the
   * `Symbol.for('rivulet.LiveSimilarityIndex')` brand, never `instanceof`, which fails across copies).
   */
  static is(value: unknown): value is LiveSimilarityIndex {
    return hasBrand(value, LIVE_INDEX_BRAND);
  }

  private readonly embed: ((text: string) => ArrayLike<number>) | undefined;
  private readonly idList: string[];

  /** @throws RivuletError `invalid-option` for an unknown or bad option */
  constructor(options: LiveSimilarityOptions = {}) {
    knownOptions(STAGE, options, ['dimension', 'embed', 'initialCapacity', 'maxBytes']);
    const dimension =
      options.dimension === undefined ? 0 : integerOption(STAGE, 'dimension', options.dimension, { min: 1 });
    const capacity =
      options.initialCapacity === undefined
        ? 64
        : integerOption(STAGE, 'initialCapacity', options.initialCapacity, { min: 1 });
    const maxBytes = checkMaxBytes(STAGE, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (options.embed !== undefined && typeof options.embed !== 'function') {
      invalidOption(STAGE, 'embed', 'a function (text) => row', options.embed);
    }
    // The rows are stored dense from the start: refuse sizes the machine cannot hold before allocating.
    const bytes = (capacity + 1) * Math.max(dimension, 1) * 8;
    if (bytes > totalmem()) {
      throw new RivuletError(
        'limit',
        STAGE,
        `initialCapacity × dimension = ${capacity} × ${dimension} rows need ${bytes} bytes up front, more than this machine's ${totalmem()} bytes; lower initialCapacity (the index grows as rows arrive) or dimension`,
        { parameter: options.initialCapacity === undefined ? 'dimension' : 'initialCapacity' },
      );
    }
    const ids: string[] = [];
    super(
      STAGE,
      new Float64Array(capacity * dimension),
      new Float64Array(capacity),
      0,
      dimension,
      ids,
      maxBytes,
    );
    this.idList = ids;
    this.embed = options.embed;
  }

  /** The length of every row; `undefined` until it is given or the first row is added. */
  get dimension(): number | undefined {
    return this.dim === 0 ? undefined : this.dim;
  }

  /**
   * Adds a row (or a text, through `embed`) and returns its row index.
   * @throws RivuletError `invalid-input` for a non-string id, a row of the wrong length or a non-finite
   *   value, or a text without `embed`
   */
  add(id: string, row: ArrayLike<number> | string): number {
    if (typeof id !== 'string') {
      throw new RivuletError('invalid-input', STAGE, `id must be a string, got ${describeValue(id)}`, {
        parameter: 'id',
      });
    }
    const values = this.toRow(row);
    if (this.dim === 0) this.setDimension(values.length);
    if (this.count === this.norms.length) this.grow();
    const i = this.count;
    this.norms[i] = normalizeRow(values, 0, this.dim, this.data, i * this.dim);
    this.idList.push(id);
    this.count++;
    return i;
  }

  /**
   * The `k` stored rows most similar to `row` (or to a text, through `embed`), best first; equal scores
   * are ordered by lower row index. Fewer than `k` come back when fewer rows are stored (or pass
   * `threshold`).
   * @throws RivuletError `invalid-option` for a bad `k` or `threshold`; `invalid-input` for a bad row, or
   *   an all-zero one (e.g. a text with no known term), which has no nearest neighbours
   */
  override query(row: ArrayLike<number> | string, k: number, options: QueryOptions = {}): Neighbour[] {
    const threshold = this.queryOptions(k, options);
    const values = this.toRow(row);
    return this.queryChecked(
      values,
      typeof row === 'string' ? `embed(${describeValue(row)})` : 'row',
      k,
      threshold,
    );
  }

  /** The row to store or look up: the embedding of a text, else the row itself, validated. */
  private toRow(row: ArrayLike<number> | string): ArrayLike<number> {
    let values: unknown = row;
    let parameter = 'row';
    if (typeof row === 'string') {
      if (this.embed === undefined) {
        throw new RivuletError(
          'invalid-input',
          STAGE,
          `row is a text (${describeValue(row)}) but the index has no embed function; create it with { embed: (text) => row } (similarity does not tokenize or vectorize text itself)`,
          { parameter: 'row' },
        );
      }
      values = this.embed(row);
      parameter = `embed(${describeValue(row)})`;
    }
    checkRow(STAGE, parameter, values, this.dim === 0 ? undefined : this.dim);
    if (this.dim === 0 && (values as ArrayLike<number>).length === 0) {
      throw new RivuletError('invalid-input', STAGE, `${parameter} must have at least 1 value, got 0`, {
        parameter,
      });
    }
    return values as ArrayLike<number>;
  }

  private setDimension(dimension: number): void {
    this.dim = dimension;
    this.data = new Float64Array(this.norms.length * dimension);
  }

  /** Doubles the room for rows, copying what is stored. */
  private grow(): void {
    const capacity = this.norms.length * 2;
    const data = new Float64Array(capacity * this.dim);
    data.set(this.data);
    const norms = new Float64Array(capacity);
    norms.set(this.norms);
    this.data = data;
    this.norms = norms;
  }
}

setBrand(LiveSimilarityIndex.prototype, LIVE_INDEX_BRAND);
