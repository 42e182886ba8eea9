import { describeValue, RivuletError } from '@rivulet/core';
import { DenseMatrix, gemm } from '@rivulet/linalg';

/**
 * The reconstruction W·H (rows × terms) of a factorisation, dense, as scikit-learn's
 * `NMF.inverse_transform`. For large sparse data prefer the loss, which never forms it.
 *
 * @example
 * ```ts
 * import { inverseTransform } from '@rivulet/decomposition';
 * const approx = inverseTransform(result.W, result.H);
 * ```
 * @throws RivuletError `invalid-input` when W's columns do not match H's rows
 */
export function inverseTransform(W: DenseMatrix, H: DenseMatrix): DenseMatrix {
  if (!DenseMatrix.is(W) || !DenseMatrix.is(H)) {
    throw new RivuletError(
      'invalid-input',
      'inverseTransform',
      `W and H must be DenseMatrix instances, got ${describeValue(W)} and ${describeValue(H)}`,
    );
  }
  if (W.cols !== H.rows) {
    throw new RivuletError(
      'invalid-input',
      'inverseTransform',
      `W's columns must equal H's rows (components), got W ${W.rows} × ${W.cols} and H ${H.rows} × ${H.cols}`,
      { parameter: 'H' },
    );
  }
  const out = new DenseMatrix(W.rows, H.cols);
  gemm(W.rows, W.cols, H.cols, 1, W.data, H.data, 0, out.data);
  return out;
}
