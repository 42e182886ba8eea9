import test from 'ava';
import fc from 'fast-check';
import { gemmNT } from '../index.js';

/** The reference: each entry summed in order of the shared index from 0. */
function reference(m: number, k: number, n: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += A[i * k + l] * B[j * k + l];
      C[i * n + j] = s;
    }
  return C;
}

const values = (size: number) =>
  fc
    .array(
      fc.oneof(fc.constant(0), fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true })),
      { minLength: size, maxLength: size },
    )
    .map((v) => Float64Array.from(v));

test('gemmNT equals the ordered dot products bit for bit, at every shape (tiles, edges, one row)', (t) => {
  fc.assert(
    fc.property(
      fc
        .record({
          m: fc.integer({ min: 1, max: 13 }),
          k: fc.integer({ min: 0, max: 7 }),
          n: fc.integer({ min: 1, max: 11 }),
        })
        .chain((s) => fc.tuple(fc.constant(s), values(s.m * s.k), values(s.n * s.k))),
      ([{ m, k, n }, A, B]) => {
        const C = new Float64Array(m * n).fill(Number.NaN);
        gemmNT(m, k, n, A, B, C);
        const expected = reference(m, k, n, A, B);
        for (let p = 0; p < C.length; p++) if (!Object.is(C[p], expected[p])) return false;
        // One row at a time (the plain path) gives the same bits as the blocked product.
        for (let i = 0; i < m; i++) {
          const row = new Float64Array(n);
          gemmNT(1, k, n, A.subarray(i * k, (i + 1) * k), B, row);
          for (let j = 0; j < n; j++) if (!Object.is(row[j], C[i * n + j])) return false;
        }
        return true;
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('gemmNT on a product larger than its workspace chunk and cache panel', (t) => {
  // 600 × 40 against 2,000 × 40: C is 9.6 MB (two 8 MiB workspace chunks), B spans several 128 KiB
  // panels; rows on both sides of the chunk boundary checked.
  const m = 600;
  const k = 40;
  const n = 2000;
  const A = Float64Array.from({ length: m * k }, (_, p) => Math.sin(p));
  const B = Float64Array.from({ length: n * k }, (_, p) => Math.cos(p * 0.7));
  const C = new Float64Array(m * n);
  gemmNT(m, k, n, A, B, C);
  const expected = reference(m, k, n, A, B);
  for (const i of [0, 523, 524, 599]) {
    t.deepEqual(C.subarray(i * n, (i + 1) * n), expected.subarray(i * n, (i + 1) * n));
  }
  const C2 = new Float64Array(2 * 3);
  gemmNT(2, 2, 3, Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 0, 1, 1, 1), C2);
  t.deepEqual(Array.from(C2), [1, 2, 3, 3, 4, 7]);
});
