import { readFileSync } from 'node:fs';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';

/** A CSR matrix as the fixture scripts write it. */
export interface CsrJson {
  rows: number;
  cols: number;
  indptr: number[];
  indices: number[];
  data: number[];
}

/** Reads `packages/decomposition/fixtures/<name>.json` (tests run from dist/). */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
}

export function csrFromJson(m: CsrJson): CsrMatrix {
  return new CsrMatrix(
    m.rows,
    m.cols,
    Int32Array.from(m.indptr),
    Int32Array.from(m.indices),
    Float64Array.from(m.data),
  );
}

export function dense(rows: number[][]): DenseMatrix {
  return DenseMatrix.fromRows(rows);
}

/** Largest |a − b| / max(|b|, floor) over two equally long arrays. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (Number.isNaN(e)) return Number.POSITIVE_INFINITY;
    if (e > worst) worst = e;
  }
  return worst;
}
