export { CsrMatrix } from './CsrMatrix.js';
export { DenseMatrix } from './DenseMatrix.js';
