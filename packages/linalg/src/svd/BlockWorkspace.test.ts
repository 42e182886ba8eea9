import test from 'ava';
import { CsrMatrix } from '../CsrMatrix.js';
import { Random } from '../Random.js';
import { BlockWorkspace } from './BlockWorkspace.js';

/** A random sparse matrix with rows of 0 to 11 entries (so groups of four and their remainders occur). */
function sparse(rows: number, cols: number, seed: number): CsrMatrix {
  const random = new Random(seed);
  const dense: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols).fill(0);
    const entries = Math.floor(random.next() * 12);
    for (let e = 0; e < entries; e++) row[Math.floor(random.next() * cols)] = random.normal();
    dense.push(row);
  }
  return CsrMatrix.fromDense(dense);
}

function fillNormal(out: Float64Array, seed: number): void {
  const random = new Random(seed);
  for (let p = 0; p < out.length; p++) out[p] = random.normal();
}

/** `X·B` computed densely, for reference. */
function times(x: CsrMatrix, b: Float64Array, l: number): Float64Array {
  const d = x.toDense();
  const out = new Float64Array(x.rows * l);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) for (let c = 0; c < l; c++) out[i * l + c] += d.get(i, j) * b[j * l + c];
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let p = 0; p < a.length; p++) d = Math.max(d, Math.abs(a[p] - b[p]));
  return d;
}

for (const l of [1, 2, 7, 8, 9, 17, 30]) {
  test(`block products of width ${l}: WebAssembly and TypeScript give the same bits, and the right numbers`, (t) => {
    const a = sparse(37, 23, l);
    for (const transposed of [false, true]) {
      const x = transposed ? a.transpose() : a;
      const wasm = new BlockWorkspace(a, transposed, l, true);
      const js = new BlockWorkspace(a, transposed, l, false);
      t.true(wasm.wasm);
      t.false(js.wasm);
      t.deepEqual(Array.from(wasm.x.indices), Array.from(x.indices));
      fillNormal(wasm.qn, 1);
      js.qn.set(wasm.qn);
      const b = wasm.qn.slice();

      wasm.timesX();
      js.timesX();
      t.deepEqual(wasm.qm, js.qm);
      t.true(maxDiff(wasm.qm, times(x, b, l)) < 1e-12);

      wasm.transposeTimesQm();
      js.transposeTimesQm();
      t.deepEqual(wasm.qn, js.qn);
      t.true(maxDiff(wasm.qn, times(x.transpose(), times(x, b, l), l)) < 1e-11);

      wasm.qn.set(b);
      js.qn.set(b);
      wasm.timesX(0.5);
      js.timesX(0.5);
      t.deepEqual(wasm.qm, js.qm);
      t.true(
        maxDiff(
          wasm.qm,
          times(x, b, l).map((v) => v * 0.5),
        ) < 1e-12,
      );
    }
  });
}

test('a row-free matrix and empty rows give zero blocks', (t) => {
  const a = new CsrMatrix(3, 4, new Int32Array(4), new Int32Array(0), new Float64Array(0));
  const w = new BlockWorkspace(a, false, 5, true);
  w.qn.fill(1);
  w.timesX();
  t.deepEqual(Array.from(w.qm), new Array(15).fill(0));
  w.transposeTimesQm();
  t.deepEqual(Array.from(w.qn), new Array(20).fill(0));
});
