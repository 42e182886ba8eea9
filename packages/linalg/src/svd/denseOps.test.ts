import test from 'ava';
import { wasmApi } from '../fast/wasmApi.js';
import { wasmSimdSupported } from '../fast/wasmSimdSupported.js';
import { Random } from '../Random.js';
import {
  DENSE_BLOCK_ROWS,
  DENSE_THREAD_WORK,
  DenseWorkspaceOps,
  denseBlocks,
  jsDense,
  MAX_DENSE_BLOCKS,
  type ParallelBlocks,
  timesInPlace,
} from './denseOps.js';

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

/** Y (m × l) in a memory of its own, with dense passes that hand their blocks to `parallel`. */
function workspaceWith(m: number, l: number, c: number, parallel: ParallelBlocks | null) {
  const small = m * l * 8;
  const pages = Math.ceil((small + DenseWorkspaceOps.smallBytes(l, c)) / 65536) + 1;
  const buffer = new wasmApi.Memory({ initial: pages, maximum: pages }) as unknown as { buffer: ArrayBuffer };
  const ops = new DenseWorkspaceOps(l, c, buffer, small, false, parallel);
  return { ops, y: new Float64Array(buffer.buffer, 0, m * l) };
}

function fill(a: Float64Array, seed: number): void {
  const random = new Random(seed);
  for (let p = 0; p < a.length; p++) a[p] = random.normal();
}

/** Whether every entry of `g` is within `tolerance · (1 + |entry|)` of `YᵀY` summed row after row. */
function closeToGram(m: number, l: number, y: Float64Array, g: Float64Array, tolerance: number): boolean {
  for (let a = 0; a < l; a++)
    for (let b = 0; b < l; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += y[i * l + a] * y[i * l + b];
      if (!(Math.abs(g[a * l + b] - s) <= tolerance * (1 + Math.abs(s)))) return false;
    }
  return true;
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
    t.true(closeToGram(m, l, plain, g, 1e-12), 'gram');

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

test('denseBlocks: one block below 2 · DENSE_BLOCK_ROWS rows, else up to MAX_DENSE_BLOCKS blocks of whole groups of eight rows covering every row', (t) => {
  t.deepEqual(Array.from(denseBlocks(0)), [0, 0]);
  t.deepEqual(Array.from(denseBlocks(7)), [0, 7]);
  t.deepEqual(Array.from(denseBlocks(2 * DENSE_BLOCK_ROWS - 1)), [0, 2 * DENSE_BLOCK_ROWS - 1]);
  t.deepEqual(Array.from(denseBlocks(2 * DENSE_BLOCK_ROWS)), [0, DENSE_BLOCK_ROWS, 2 * DENSE_BLOCK_ROWS]);
  for (const m of [2049, 3 * DENSE_BLOCK_ROWS + 5, 8205, 111_385, 68_401]) {
    const bounds = denseBlocks(m);
    const blocks = bounds.length - 1;
    t.is(blocks, Math.min(MAX_DENSE_BLOCKS, Math.floor(m / DENSE_BLOCK_ROWS)), `blocks of ${m}`);
    t.is(bounds[0], 0);
    t.is(bounds[blocks], m);
    for (let b = 0; b < blocks; b++) {
      t.true(bounds[b + 1] > bounds[b], `block ${b} of ${m} is not empty`);
      if (b + 1 < blocks) t.is(bounds[b + 1] % 8, 0, `block ${b} of ${m} ends on a group of eight`);
    }
  }
});

for (const [m, l] of [
  [2047, 5],
  [2048, 4],
  [2049, 9],
  [8205, 16],
  [20_001, 3],
]) {
  test(`dense passes over ${m} rows (blocks ${denseBlocks(m).length - 1}), l ${l}: the same bits whoever runs the blocks and in whatever order, and the loops' bits`, (t) => {
    if (!wasmSimdSupported()) {
      t.pass('no WebAssembly SIMD here');
      return;
    }
    const y0 = new Float64Array(m * l);
    fill(y0, m + l);
    const gPlain = new Float64Array(l * l);
    jsDense.gram(m, l, y0, gPlain);
    t.true(closeToGram(m, l, y0, gPlain, 1e-11), 'gram');
    const U = new Float64Array(l * l);
    const random = new Random(3);
    for (let a = 0; a < l; a++) for (let b = a; b < l; b++) U[a * l + b] = random.normal();
    const yPlain = y0.slice();
    jsDense.timesUpper(m, l, yPlain, U);
    // A stand-in for the second thread: runs the blocks last first (as a thread that claims them in
    // another order would), or declines (the thread is gone), or is not there at all.
    const claimed: number[] = [];
    const reversed: ParallelBlocks = (_cmd, table, runBlock) => {
      for (let b = table.length / 4 - 1; b >= 0; b--) runBlock(b);
      claimed.push(table.length / 4);
      return true;
    };
    const declined: ParallelBlocks = () => false;
    for (const parallel of [reversed, declined, null]) {
      const { ops, y } = workspaceWith(m, l, l, parallel);
      y.set(y0);
      const g = new Float64Array(l * l);
      ops.gram(m, l, y, g);
      t.true(sameBits(g, gPlain), 'gram bits');
      ops.timesUpper(m, l, y, U);
      t.true(sameBits(y, yPlain), 'timesUpper bits');
    }
    const blocks = denseBlocks(m).length - 1;
    const work = (m * l * l) / 2;
    // The stand-in gets the passes that are split and large enough to pay for waking a second thread.
    // Both passes are split and handed over, or neither.
    const expected = blocks === 1 || work < DENSE_THREAD_WORK ? [] : [blocks, blocks];
    t.deepEqual(claimed, expected);
  });
}
