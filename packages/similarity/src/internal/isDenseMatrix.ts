import { DenseMatrix } from '@rivulet/linalg';

/** A `DenseMatrix`, or an object of the same shape from another copy of `@rivulet/linalg`. */
export function isDenseMatrix(value: unknown): value is DenseMatrix {
  if (DenseMatrix.is(value)) return true;
  const m = value as DenseMatrix | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    m.data instanceof Float64Array &&
    m.data.length === m.rows * m.cols &&
    typeof m.row === 'function'
  );
}
