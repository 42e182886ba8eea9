import { DenseMatrix } from './DenseMatrix.js';

/** The brand of CsrMatrix instances, shared by every copy of this package. */
const CSR_MATRIX_BRAND = Symbol.for('rivulet.CsrMatrix');

/**
 * A sparse matrix in compressed sparse row form, as scipy's `csr_matrix`: the non-zeros of row i are
 * `data[indptr[i] .. indptr[i + 1])` at columns `indices[indptr[i] .. indptr[i + 1])`, columns ascending
 * within a row.
 *
 * @example
 * ```ts
 * import { CsrMatrix } from '@rivulet/linalg';
 * const a = CsrMatrix.fromDense([[0, 2], [3, 0]]);
 * a.nnz; // 2
 * ```
 */
export class CsrMatrix {
  /**
   * True for a CsrMatrix made by any copy of `@rivulet/linalg` (checked by the `Symbol.for('rivulet.CsrMatrix')`
   * brand on the prototype, never by `instanceof`, which fails across two installed copies).
   */
  static is(value: unknown): value is CsrMatrix {
    return (
      value !== null &&
      typeof value === 'object' &&
      (value as Record<symbol, unknown>)[CSR_MATRIX_BRAND] === true
    );
  }

  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;

  /**
   * Wraps the three arrays (they are used, not copied) after checking their lengths and the row pointers.
   * Column order and range are checked by {@link CsrMatrix.check}, which costs a pass over the non-zeros.
   */
  constructor(rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(`CsrMatrix: rows must be a non-negative integer, got ${String(rows)}`);
    }
    if (!Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`CsrMatrix: cols must be a non-negative integer, got ${String(cols)}`);
    }
    if (
      !(indptr instanceof Int32Array) ||
      !(indices instanceof Int32Array) ||
      !(data instanceof Float64Array)
    ) {
      throw new TypeError('CsrMatrix: indptr and indices must be Int32Array and data a Float64Array');
    }
    if (indptr.length !== rows + 1) {
      throw new RangeError(
        `CsrMatrix: indptr must have rows + 1 = ${rows + 1} entries, got ${indptr.length}`,
      );
    }
    if (indices.length !== data.length) {
      throw new RangeError(
        `CsrMatrix: indices and data must be equally long, got ${indices.length} and ${data.length}`,
      );
    }
    if (indptr[0] !== 0 || indptr[rows] !== data.length) {
      throw new RangeError(
        `CsrMatrix: indptr must run from 0 to nnz = ${data.length}, got ${indptr[0]} to ${indptr[rows]}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.data = data;
  }

  /** Number of stored entries. */
  get nnz(): number {
    return this.data.length;
  }

  /**
   * Checks the structure in full: row pointers non-decreasing, column indices in `[0, cols)` and strictly
   * ascending within each row.
   * @throws RangeError naming the first offending row.
   */
  check(): this {
    const { rows, cols, indptr, indices } = this;
    for (let i = 0; i < rows; i++) {
      const start = indptr[i];
      const end = indptr[i + 1];
      if (end < start) throw new RangeError(`CsrMatrix: indptr decreases at row ${i}`);
      let previous = -1;
      for (let p = start; p < end; p++) {
        const j = indices[p];
        if (j < 0 || j >= cols || j <= previous) {
          throw new RangeError(
            `CsrMatrix: row ${i} has column ${j}; columns must be in [0, ${cols}) and strictly ascending`,
          );
        }
        previous = j;
      }
    }
    return this;
  }

  /** A CSR copy of a dense matrix (or of equally long rows), keeping only non-zero entries. */
  static fromDense(dense: DenseMatrix | ReadonlyArray<ArrayLike<number>>): CsrMatrix {
    const m = DenseMatrix.is(dense) ? dense : DenseMatrix.fromRows(dense);
    const { rows, cols, data } = m;
    let nnz = 0;
    for (let p = 0; p < data.length; p++) if (data[p] !== 0) nnz++;
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let q = 0;
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j];
        if (v !== 0) {
          indices[q] = j;
          values[q] = v;
          q++;
        }
      }
      indptr[i + 1] = q;
    }
    return new CsrMatrix(rows, cols, indptr, indices, values);
  }

  /**
   * Builds a matrix from coordinate triplets; duplicates are summed (as scipy's `coo_matrix.tocsr`) and
   * columns sorted within rows.
   */
  static fromTriplets(
    rows: number,
    cols: number,
    rowIndex: ArrayLike<number>,
    colIndex: ArrayLike<number>,
    values: ArrayLike<number>,
  ): CsrMatrix {
    const n = values.length;
    if (rowIndex.length !== n || colIndex.length !== n) {
      throw new RangeError(
        `CsrMatrix.fromTriplets: row, column and value arrays must be equally long, got ${rowIndex.length}, ${colIndex.length} and ${n}`,
      );
    }
    const counts = new Int32Array(rows + 1);
    for (let t = 0; t < n; t++) {
      const i = rowIndex[t];
      const j = colIndex[t];
      if (!Number.isInteger(i) || i < 0 || i >= rows || !Number.isInteger(j) || j < 0 || j >= cols) {
        throw new RangeError(
          `CsrMatrix.fromTriplets: entry ${t} at (${i}, ${j}) lies outside a ${rows} × ${cols} matrix`,
        );
      }
      counts[i + 1]++;
    }
    for (let i = 0; i < rows; i++) counts[i + 1] += counts[i];
    const order = new Int32Array(n);
    const fill = counts.slice(0, rows);
    for (let t = 0; t < n; t++) order[fill[rowIndex[t]]++] = t;
    const indptr = new Int32Array(rows + 1);
    const outIdx: number[] = [];
    const outVal: number[] = [];
    const pairs: number[] = [];
    for (let i = 0; i < rows; i++) {
      pairs.length = 0;
      for (let p = counts[i]; p < counts[i + 1]; p++) pairs.push(order[p]);
      pairs.sort((a, b) => colIndex[a] - colIndex[b] || a - b);
      let last = -1;
      for (const t of pairs) {
        const j = colIndex[t];
        if (j === last) outVal[outVal.length - 1] += values[t];
        else {
          outIdx.push(j);
          outVal.push(values[t]);
          last = j;
        }
      }
      indptr[i + 1] = outIdx.length;
    }
    return new CsrMatrix(rows, cols, indptr, Int32Array.from(outIdx), Float64Array.from(outVal));
  }

  /** The stored columns and values of row `i`, as views. */
  row(i: number): { indices: Int32Array; values: Float64Array } {
    const start = this.indptr[i];
    const end = this.indptr[i + 1];
    return { indices: this.indices.subarray(start, end), values: this.data.subarray(start, end) };
  }

  /** A dense copy. */
  toDense(): DenseMatrix {
    const out = new DenseMatrix(this.rows, this.cols);
    const { indptr, indices, data, cols } = this;
    for (let i = 0; i < this.rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out.data[i * cols + indices[p]] = data[p];
    }
    return out;
  }

  /** The transpose, itself in CSR form (that is, this matrix in CSC form). Columns stay ascending. */
  transpose(): CsrMatrix {
    const nnz = this.data.length;
    return this.transposeInto(new Int32Array(this.cols + 1), new Int32Array(nnz), new Float64Array(nnz));
  }

  /**
   * {@link transpose} into caller-supplied arrays (`cols + 1` row pointers, `nnz` indices and values,
   * overwritten), e.g. views of a WebAssembly memory, so the transpose is never allocated twice.
   */
  transposeInto(tptr: Int32Array, tidx: Int32Array, tval: Float64Array): CsrMatrix {
    const { rows, cols, indptr, indices, data } = this;
    const nnz = data.length;
    tptr.fill(0);
    for (let p = 0; p < nnz; p++) tptr[indices[p] + 1]++;
    for (let j = 0; j < cols; j++) tptr[j + 1] += tptr[j];
    const fill = tptr.slice(0, cols);
    for (let i = 0; i < rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const q = fill[indices[p]]++;
        tidx[q] = i;
        tval[q] = data[p];
      }
    }
    return new CsrMatrix(cols, rows, tptr, tidx, tval);
  }

  /** Selects rows (in the given order) into a new matrix. */
  selectRows(which: ArrayLike<number>): CsrMatrix {
    const n = which.length;
    const indptr = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) {
      const i = which[r];
      indptr[r + 1] = indptr[r] + (this.indptr[i + 1] - this.indptr[i]);
    }
    const indices = new Int32Array(indptr[n]);
    const data = new Float64Array(indptr[n]);
    for (let r = 0; r < n; r++) {
      const i = which[r];
      const start = this.indptr[i];
      const len = this.indptr[i + 1] - start;
      indices.set(this.indices.subarray(start, start + len), indptr[r]);
      data.set(this.data.subarray(start, start + len), indptr[r]);
    }
    return new CsrMatrix(n, this.cols, indptr, indices, data);
  }
}

Object.defineProperty(CsrMatrix.prototype, CSR_MATRIX_BRAND, { value: true });
