import test from 'ava';
import { wasmApi } from '../fast/wasmApi.js';
import { wasmSimdSupported } from '../fast/wasmSimdSupported.js';
import { Random } from '../Random.js';
import { DenseWorkspaceOps, jsDense, timesInPlace } from './denseOps.js';

/** A WebAssembly memory holding Y (m × l), an output (m × max(l, c)) and the small-operand space. */
function workspace(m: number, l: number, c: number) {
  const yBytes = m * l * 8;
  const outBytes = m * Math.max(l, c) * 8;
  const small = yBytes + outBytes;
  const bytes = small + DenseWorkspaceOps.smallBytes(l, c);
  const pages = Math.ceil(bytes / 65536) + 1;
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages }) as unknown as { buffer: ArrayBuffer };
  const ops = new DenseWorkspaceOps(l, c, memory, small);
  const y = new Float64Array(memory.buffer, 0, m * l);
  const out = new Float64Array(memory.buffer, yBytes, m * c);
  return { ops, y, out };
}

function fill(a: Float64Array, seed: number): void {
  const random = new Random(seed);
  for (let p = 0; p < a.length; p++) a[p] = random.normal();
}

const sameBits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

for (const [m, l, c] of [
  [1, 1, 1],
  [9, 2, 1],
  [17, 3, 2],
  [23, 7, 5],
  [40, 8, 8],
  [33, 9, 4],
  [71, 17, 10],
  [130, 30, 20],
  [64, 60, 50],
]) {
  test(`dense passes m ${m}, l ${l}, c ${c}: WebAssembly gives the loops' bits, and the right numbers`, (t) => {
    if (!wasmSimdSupported()) {
      t.pass('no WebAssembly SIMD here');
      return;
    }
    const { ops, y, out } = workspace(m, l, c);
    fill(y, m + l + c);
    const plain = Float64Array.from(y);

    // Gram
    const g = new Float64Array(l * l);
    const gPlain = new Float64Array(l * l);
    ops.gram(m, l, y, g);
    jsDense.gram(m, l, plain, gPlain);
    t.true(sameBits(g, gPlain), 'gram bits');
    for (let a = 0; a < l; a++)
      for (let b = 0; b < l; b++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += plain[i * l + a] * plain[i * l + b];
        t.true(Math.abs(g[a * l + b] - s) <= 1e-12 * (1 + Math.abs(s)), `gram ${a},${b}`);
      }

    // Y·M with M: l × c
    const M = new Float64Array(l * c);
    fill(M, 7);
    const outPlain = new Float64Array(m * c);
    ops.times(m, l, c, y, M, out);
    jsDense.times(m, l, c, plain, M, outPlain);
    t.true(sameBits(out, outPlain), 'times bits');
    for (let i = 0; i < m; i++)
      for (let j = 0; j < c; j++) {
        let s = 0;
        for (let q = 0; q < l; q++) s += plain[i * l + q] * M[q * c + j];
        t.true(Math.abs(out[i * c + j] - s) <= 1e-12 * (1 + Math.abs(s)), `times ${i},${j}`);
      }

    // Y ← Y·U in place, U upper triangular
    const U = new Float64Array(l * l);
    const random = new Random(11);
    for (let a = 0; a < l; a++) for (let b = a; b < l; b++) U[a * l + b] = random.normal();
    const before = Float64Array.from(plain);
    ops.timesUpper(m, l, y, U);
    jsDense.timesUpper(m, l, plain, U);
    t.true(sameBits(y, plain), 'timesUpper bits');
    for (let i = 0; i < m; i++)
      for (let j = 0; j < l; j++) {
        let s = 0;
        for (let q = 0; q <= j; q++) s += before[i * l + q] * U[q * l + j];
        t.true(Math.abs(y[i * l + j] - s) <= 1e-12 * (1 + Math.abs(s)), `timesUpper ${i},${j}`);
      }
  });
}

test('arrays outside the memory, or another width, run the loops', (t) => {
  const { ops } = workspace(8, 4, 2);
  const y = new Float64Array(8 * 5);
  fill(y, 1);
  const g = new Float64Array(25);
  const gPlain = new Float64Array(25);
  ops.gram(8, 5, y, g);
  jsDense.gram(8, 5, y, gPlain);
  t.true(sameBits(g, gPlain));
});

for (const [m, l, c] of [
  [1, 3, 2],
  [9, 3, 2],
  [40, 30, 20],
  [33, 9, 8],
  [20, 6, 6],
  // The kernel reads two rows at a time: c close to l puts the in-place start (2c / (l − c)) far down.
  [200, 60, 50],
  [57, 7, 6],
  [31, 8, 5],
]) {
  test(`timesInPlace m ${m}, l ${l}, c ${c}: Y·M over Y, the bits of a product into another block`, (t) => {
    const M = new Float64Array(l * c);
    fill(M, 5);
    const y0 = new Float64Array(m * l);
    fill(y0, m * l + c);
    const expected = new Float64Array(m * c);
    jsDense.times(m, l, c, y0, M, expected);
    const plain = y0.slice();
    const got = timesInPlace(jsDense, m, l, c, plain, M);
    t.is(got.buffer, plain.buffer);
    t.true(sameBits(got, expected), 'loops');
    if (!wasmSimdSupported() || !DenseWorkspaceOps.fits(l, c)) return;
    const { ops, y } = workspace(m, l, c);
    y.set(y0);
    const inMemory = timesInPlace(ops, m, l, c, y, M);
    t.is(inMemory.buffer, y.buffer);
    t.true(sameBits(inMemory, expected), 'WebAssembly');
  });
}

test('timesInPlace refuses a product wider than Y', (t) => {
  t.throws(() => timesInPlace(jsDense, 3, 4, 5, new Float64Array(12), new Float64Array(20)), {
    instanceOf: RangeError,
    message: /5 columns do not fit over Y's 4/,
  });
});
