import { invalidOption, RivuletError } from '@rivulet/core';
import { csrMulDense, DenseMatrix, transpose } from '@rivulet/linalg';
import { type NmfInput, toCsr } from '../toCsr.js';

/**
 * New rows in the space of a truncated SVD: `A·Vᵀ` for the right singular vectors `Vt` (components ×
 * terms), as scikit-learn's `TruncatedSVD.transform`. A sparse product on linalg's `csrMulDense`, never
 * densifying `A`. Cost: nnz(A) · components.
 *
 * @param matrix rows × terms, finite and non-negative (as every Rivulet document-term matrix)
 * @param Vt components × terms: the `H` of an `svd` result or saved model
 * @returns rows × components
 * @throws RivuletError `invalid-option` when `Vt` is not a DenseMatrix with the matrix's number of terms,
 * `invalid-input`/`empty-input` for bad data
 *
 * @example
 * ```ts
 * import { trainSvd, transformSvd } from '@rivulet/decomposition';
 * import { CsrMatrix } from '@rivulet/linalg';
 * const train = CsrMatrix.fromDense([[1, 0, 2], [0, 3, 1], [2, 1, 0]]);
 * const result = await firstValueFrom(trainSvd(train, { components: 2 }).pipe(filter((e) => e.type === 'result')));
 * const W = transformSvd(CsrMatrix.fromDense([[1, 0, 2]]), result.H); // 1 × 2
 * ```
 */
export function transformSvd(matrix: NmfInput, Vt: DenseMatrix): DenseMatrix {
  const stage = 'transformSvd';
  const A = toCsr(matrix, stage, false);
  if (!DenseMatrix.is(Vt)) invalidOption(stage, 'Vt', 'a DenseMatrix (components × terms)', Vt);
  if (Vt.cols !== A.cols) {
    throw new RivuletError(
      'invalid-option',
      stage,
      `Vt must be components × terms with the matrix's ${A.cols} terms, got ${Vt.rows} × ${Vt.cols}`,
      { parameter: 'Vt' },
    );
  }
  const k = Vt.rows;
  const V = new Float64Array(A.cols * k);
  transpose(k, A.cols, Vt.data, V);
  const out = new DenseMatrix(A.rows, k);
  csrMulDense(A.rows, A.cols, k, A.indptr, A.indices, A.data, V, out.data);
  return out;
}
