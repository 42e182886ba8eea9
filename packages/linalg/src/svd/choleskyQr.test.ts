import test from 'ava';
import { Random } from '../Random.js';
import { choleskyQr } from './choleskyQr.js';
import { type DenseOps, jsDense } from './denseOps.js';

function gaussian(m: number, l: number, seed: number): Float64Array {
  const random = new Random(seed);
  const y = new Float64Array(m * l);
  for (let p = 0; p < y.length; p++) y[p] = random.normal();
  return y;
}

/** max |QᵀQ − I| and max |Q·R − Y| / max |Y|. */
function errors(q: Float64Array, R: Float64Array, y: Float64Array, m: number, l: number): [number, number] {
  let orth = 0;
  for (let a = 0; a < l; a++) {
    for (let b = 0; b < l; b++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * l + a] * q[i * l + b];
      orth = Math.max(orth, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  let big = 0;
  let res = 0;
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < l; c++) {
      let v = 0;
      for (let t = 0; t <= c; t++) v += q[i * l + t] * R[t * l + c];
      big = Math.max(big, Math.abs(y[i * l + c]));
      res = Math.max(res, Math.abs(v - y[i * l + c]));
    }
  }
  return [orth, res / big];
}

test('CholeskyQR2 gives orthonormal columns and Y = Q·R to working precision, R upper triangular', (t) => {
  const m = 501;
  const l = 13;
  const y = gaussian(m, l, 1);
  // Grade the columns so Y is far from orthonormal (κ ≈ 1e4).
  for (let i = 0; i < m; i++)
    for (let c = 0; c < l; c++) y[i * l + c] *= 10 ** (-c / 3) + (c > 0 ? y[i * l] : 0);
  const q = y.slice();
  const R = new Float64Array(l * l);
  t.true(choleskyQr(q, m, l, 2, new Float64Array(m * l), R));
  const [orth, res] = errors(q, R, y, m, l);
  t.true(orth < 1e-13, `orthogonality ${orth}`);
  t.true(res < 1e-13, `residual ${res}`);
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) t.is(R[i * l + j], 0);
});

test('one pass spans the same columns and is orthonormal up to κ²·ε', (t) => {
  const m = 300;
  const l = 8;
  const y = gaussian(m, l, 2);
  const q = y.slice();
  const R = new Float64Array(l * l);
  t.true(choleskyQr(q, m, l, 1, new Float64Array(m * l), R));
  const [orth, res] = errors(q, R, y, m, l);
  t.true(orth < 1e-12, `orthogonality ${orth}`);
  t.true(res < 1e-13, `residual ${res}`);
});

test('rank-deficient Y falls back to Gram–Schmidt (dependent column zeroed) or is left untouched', (t) => {
  const m = 40;
  const l = 4;
  const y = gaussian(m, l, 3);
  // Column 2 = column 0 + column 1.
  for (let i = 0; i < m; i++) y[i * l + 2] = y[i * l] + y[i * l + 1];
  const untouched = y.slice();
  t.false(choleskyQr(untouched, m, l, 2, new Float64Array(m * l), null, false));
  t.deepEqual(untouched, y);
  const q = y.slice();
  const R = new Float64Array(l * l);
  t.false(choleskyQr(q, m, l, 2, new Float64Array(m * l), R));
  t.true(R[2 * l + 2] === 0);
  const [, res] = errors(q, R, y, m, l);
  t.true(res < 1e-13, `residual ${res}`);
  for (let i = 0; i < m; i++) t.true(q[i * l + 2] === 0);
});

test('fewer rows than columns goes straight to Gram–Schmidt', (t) => {
  const y = gaussian(3, 5, 4);
  const R = new Float64Array(25);
  t.false(choleskyQr(y, 3, 5, 2, new Float64Array(15), R));
});

test('with recompute, CholeskyQR2 leaves the scratch untouched and gives the same bits', (t) => {
  const m = 50;
  const l = 6;
  const y = gaussian(m, l, 8);
  const copied = y.slice();
  const remade = y.slice();
  const R1 = new Float64Array(l * l);
  const R2 = new Float64Array(l * l);
  t.true(choleskyQr(copied, m, l, 2, new Float64Array(m * l), R1));
  const scratch = new Float64Array(m * l).fill(Number.NaN);
  let calls = 0;
  t.true(choleskyQr(remade, m, l, 2, scratch, R2, true, jsDense, () => calls++));
  t.deepEqual(remade, copied);
  t.deepEqual(R2, R1);
  t.is(calls, 0);
  t.true(scratch.every(Number.isNaN), 'scratch not touched');
});

test('a second pass that fails remakes Y by recompute instead of restoring a copy from the scratch', (t) => {
  const m = 30;
  const l = 4;
  const y = gaussian(m, l, 9);
  // A first pass whose result is far from orthonormal (column 0 doubled), so the second pass refuses it.
  let passes = 0;
  const spoiling: DenseOps = {
    ...jsDense,
    timesUpper(rows, width, block, u) {
      jsDense.timesUpper(rows, width, block, u);
      if (passes++ === 0) for (let i = 0; i < rows; i++) block[i * width] *= 2;
    },
  };
  const viaCopy = y.slice();
  t.false(choleskyQr(viaCopy, m, l, 2, new Float64Array(m * l), null, false, spoiling));
  t.deepEqual(viaCopy, y, 'restored from the scratch');
  passes = 0;
  const viaRecompute = y.slice();
  const scratch = new Float64Array(m * l).fill(Number.NaN);
  t.false(choleskyQr(viaRecompute, m, l, 2, scratch, null, false, spoiling, () => viaRecompute.set(y)));
  t.deepEqual(viaRecompute, y, 'remade by recompute');
  t.true(scratch.every(Number.isNaN), 'scratch not touched');
});
