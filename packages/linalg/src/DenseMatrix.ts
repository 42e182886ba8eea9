/** The brand of DenseMatrix instances, shared by every copy of this package. */
const DENSE_MATRIX_BRAND = Symbol.for('rivulet.DenseMatrix');

/**
 * A dense matrix stored row-major in a `Float64Array`: entry (i, j) lives at `data[i * cols + j]`.
 *
 * @example
 * ```ts
 * import { DenseMatrix } from '@rivulet/linalg';
 * const m = DenseMatrix.fromRows([[1, 2], [3, 4]]);
 * m.get(1, 0); // 3
 * ```
 */
export class DenseMatrix {
  /**
   * True for a DenseMatrix made by any copy of `@rivulet/linalg` (checked by the `Symbol.for('rivulet.DenseMatrix')`
   * brand on the prototype, never by `instanceof`, which fails across two installed copies).
   */
  static is(value: unknown): value is DenseMatrix {
    return (
      value !== null &&
      typeof value === 'object' &&
      (value as Record<symbol, unknown>)[DENSE_MATRIX_BRAND] === true
    );
  }

  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /**
   * @param rows number of rows (a non-negative integer)
   * @param cols number of columns (a non-negative integer)
   * @param data `rows * cols` values, row-major; zeros when omitted. The array is used, not copied.
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(`DenseMatrix: rows must be a non-negative integer, got ${String(rows)}`);
    }
    if (!Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`DenseMatrix: cols must be a non-negative integer, got ${String(cols)}`);
    }
    const size = rows * cols;
    if (data !== undefined && !(data instanceof Float64Array)) {
      throw new TypeError('DenseMatrix: data must be a Float64Array');
    }
    if (data !== undefined && data.length !== size) {
      throw new RangeError(
        `DenseMatrix: data must hold rows × cols = ${rows} × ${cols} = ${size} values, got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(size);
  }

  /** A `rows × cols` matrix of zeros. */
  static zeros(rows: number, cols: number): DenseMatrix {
    return new DenseMatrix(rows, cols);
  }

  /**
   * Copies an array of equally long rows into a new matrix.
   * @throws RangeError when the rows differ in length (ragged input).
   */
  static fromRows(rows: ReadonlyArray<ArrayLike<number>>): DenseMatrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const out = new DenseMatrix(r, c);
    for (let i = 0; i < r; i++) {
      const row = rows[i];
      if (row === null || typeof row !== 'object' || row.length !== c) {
        throw new RangeError(
          `DenseMatrix.fromRows: every row must have ${c} values (as row 0), row ${i} has ${row?.length ?? 'none'}`,
        );
      }
      for (let j = 0; j < c; j++) out.data[i * c + j] = row[j];
    }
    return out;
  }

  /** Entry (i, j). */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /** Sets entry (i, j) to `value`. */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** Row `i` as a view (not a copy) of the underlying storage. */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** A new `cols × rows` matrix. */
  transpose(): DenseMatrix {
    const { rows, cols, data } = this;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) out[j * rows + i] = data[base + j];
    }
    return new DenseMatrix(cols, rows, out);
  }

  /** A deep copy. */
  clone(): DenseMatrix {
    return new DenseMatrix(this.rows, this.cols, this.data.slice());
  }

  /** The rows as plain arrays (for printing and JSON). */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}

Object.defineProperty(DenseMatrix.prototype, DENSE_MATRIX_BRAND, { value: true });
