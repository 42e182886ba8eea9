import { CsrMatrix } from '@rivulet/linalg';

/** A reproducible sparse non-negative matrix (rows × cols, about `density` non-zeros). */
export function sparseMatrix(rows: number, cols: number, density: number, seed: number): CsrMatrix {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const dense = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => (next() < density ? Math.floor(next() * 5) + next() : 0)),
  );
  for (let i = 0; i < rows; i++) dense[i][i % cols] += 1;
  return CsrMatrix.fromDense(dense);
}
