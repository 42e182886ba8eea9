import type { DocTermMatrix } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';

/** A count-weighted document-term matrix over `rows` (documents × terms), named t0…, ids d0…. */
export function docTerm(rows: readonly (readonly number[])[], cols?: number): DocTermMatrix {
  const width = cols ?? (rows.length === 0 ? 0 : rows[0].length);
  const matrix =
    rows.length === 0 || width === 0
      ? new CsrMatrix(
          rows.length,
          width,
          new Int32Array(rows.length + 1),
          new Int32Array(0),
          new Float64Array(0),
        )
      : CsrMatrix.fromDense(rows.map((r) => Float64Array.from(r)));
  return fromCsr(matrix);
}

/** Wraps a CSR matrix as a count-weighted document-term matrix. */
export function fromCsr(matrix: CsrMatrix): DocTermMatrix {
  return {
    matrix,
    vocabulary: Array.from({ length: matrix.cols }, (_, j) => `t${j}`),
    ids: Array.from({ length: matrix.rows }, (_, i) => `d${i}`),
    weighting: { kind: 'count', norm: null },
  };
}

/** Every row of `rows` multiplied by `scale`. */
export function scaled(rows: readonly (readonly number[])[], scale: number): number[][] {
  return rows.map((r) => r.map((v) => v * scale));
}

/** ‖rows‖_F computed without overflow or underflow (scaled by the largest magnitude). */
export function frobenius(rows: readonly (readonly number[])[]): number {
  let max = 0;
  for (const r of rows) for (const v of r) max = Math.max(max, Math.abs(v));
  if (max === 0) return 0;
  let s = 0;
  for (const r of rows) for (const v of r) s += (v / max) ** 2;
  return max * Math.sqrt(s);
}

/** A rank-one non-negative matrix (5 documents × 4 terms): any rank-k (k ≥ 1) model should fit it. */
export const RANK_ONE: readonly (readonly number[])[] = [
  [1, 2, 0.5, 3],
  [2, 4, 1, 6],
  [0.5, 1, 0.25, 1.5],
  [3, 6, 1.5, 9],
  [1.5, 3, 0.75, 4.5],
];

/** A small matrix with two planted topics (6 documents × 6 terms). */
export const TWO_TOPICS: readonly (readonly number[])[] = [
  [3, 1, 2, 0, 0, 0],
  [2, 2, 1, 0, 0, 0],
  [1, 3, 2, 0, 0, 0],
  [0, 0, 0, 2, 1, 3],
  [0, 0, 0, 1, 3, 1],
  [0, 0, 0, 3, 2, 2],
];
