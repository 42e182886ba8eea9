import type { DocTermMatrix } from '@rivulet/core';
import { describeValue, RivuletError } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { checkCsrStructure } from './checkCsrStructure.js';
import { checkMagnitude } from './checkMagnitude.js';

/** What the NMF functions accept as data: documents × terms. */
export type NmfInput = CsrMatrix | DenseMatrix | DocTermMatrix;

/**
 * The data as a checked CSR matrix (a dense matrix is converted, keeping its non-zeros; zeros contribute
 * nothing to any update or loss, so the numbers are the same). Every stored value must be finite and
 * non-negative, and the matrix must have at least one row and one column, as scikit-learn's
 * `check_non_negative` and `check_array`. Training (`requirePositive`) also needs one positive value:
 * an all-zero matrix (say, every document emptied by stop words) has nothing to factorise, and its
 * random start would be all zeros; transforming all-zero rows is fine (their W is 0).
 * @throws RivuletError `invalid-input` naming the first bad entry's row and column, `empty-input` for a
 * matrix without rows or columns.
 */
export function toCsr(
  matrix: NmfInput,
  stage: string,
  requirePositive: boolean,
  parameter = 'matrix',
): CsrMatrix {
  let csr: CsrMatrix;
  if (CsrMatrix.is(matrix)) csr = matrix;
  else if (DenseMatrix.is(matrix)) csr = checkedFromDense(matrix, stage, parameter);
  else if (matrix !== null && typeof matrix === 'object' && CsrMatrix.is((matrix as DocTermMatrix).matrix)) {
    csr = (matrix as DocTermMatrix).matrix;
  } else {
    throw new RivuletError(
      'invalid-input',
      stage,
      `${parameter} must be a CsrMatrix, a DenseMatrix or a DocTermMatrix, got ${describeValue(matrix)}`,
      { parameter },
    );
  }
  if (csr.rows === 0 || csr.cols === 0) {
    throw new RivuletError(
      'empty-input',
      stage,
      `${parameter} must have at least one row and one column, got ${csr.rows} × ${csr.cols}`,
      { parameter },
    );
  }
  if (!DenseMatrix.is(matrix)) checkCsrStructure(csr, stage, parameter);
  const { indptr, indices, data } = csr;
  let positive = false;
  let largest = 0;
  for (let i = 0; i < csr.rows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
        throw badValue(stage, parameter, i, indices[p], v);
      }
      if (v > 0) positive = true;
      if (v > largest) largest = v;
    }
  }
  checkMagnitude(largest, stage, parameter, true);
  if (requirePositive && !positive) {
    throw new RivuletError(
      'empty-input',
      stage,
      `${parameter} must have at least one positive value, got an all-zero ${csr.rows} × ${csr.cols} matrix`,
      { parameter },
    );
  }
  return csr;
}

function checkedFromDense(m: DenseMatrix, stage: string, parameter: string): CsrMatrix {
  const { rows, cols, data } = m;
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY)
      throw badValue(stage, parameter, Math.floor(p / cols), p % cols, v);
  }
  return rows === 0 || cols === 0
    ? new CsrMatrix(rows, cols, new Int32Array(rows + 1), new Int32Array(0), new Float64Array(0))
    : CsrMatrix.fromDense(m);
}

function badValue(stage: string, parameter: string, row: number, col: number, value: number): RivuletError {
  return new RivuletError(
    'invalid-input',
    stage,
    `${parameter} must hold finite non-negative values, got ${describeValue(value)} at row ${row}, column ${col}`,
    { parameter },
  );
}
