import { type DocTermMatrix, describeValue, RivuletError } from '@rivulet/core';
import { CsrMatrix, csrMulDense, DenseMatrix, transpose } from '@rivulet/linalg';

/**
 * Projects new rows on fitted SVD components, as scikit-learn's `TruncatedSVD.transform`: X·Hᵀ.
 *
 * Shapes: `matrix` rows × terms (the training vocabulary), `H` components × terms; the result is
 * rows × components. Cost: nnz(X) · components.
 *
 * @example
 * ```ts
 * import { svdTransform } from '@rivulet/decomposition';
 * const W = svdTransform(newRows, result.H);
 * ```
 * @throws RivuletError `invalid-input` for a matrix that is not CSR (or a document-term matrix) or whose
 *   columns differ from H's.
 */
export function svdTransform(matrix: CsrMatrix | DocTermMatrix, H: DenseMatrix): DenseMatrix {
  const stage = 'svdTransform';
  const X = CsrMatrix.is(matrix) ? matrix : (matrix as DocTermMatrix | null)?.matrix;
  if (!CsrMatrix.is(X)) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `matrix must be a CsrMatrix or a DocTermMatrix, got ${describeValue(matrix)}`,
      { parameter: 'matrix' },
    );
  }
  if (!DenseMatrix.is(H) || H.cols !== X.cols) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `H must be a DenseMatrix of components × ${X.cols} terms (the matrix's columns), got ${DenseMatrix.is(H) ? `${H.rows} × ${H.cols}` : describeValue(H)}`,
      { parameter: 'H' },
    );
  }
  const k = H.rows;
  const Ht = new Float64Array(X.cols * k);
  transpose(k, X.cols, H.data, Ht);
  const out = new DenseMatrix(X.rows, k);
  csrMulDense(X.rows, X.cols, k, X.indptr, X.indices, X.data, Ht, out.data);
  return out;
}
