import { isRivuletError } from '@rivulet/core';
import { CsrMatrix, Random } from '@rivulet/linalg';
import test from 'ava';
import { OnlineNmf, type OnlineNmfState } from './index.js';

/** Sparse non-negative batches of `rows` × `cols`, about a third of the entries stored. */
function batches(count: number, rows: number, cols: number, seed: number): CsrMatrix[] {
  const random = new Random(seed);
  const out: CsrMatrix[] = [];
  for (let b = 0; b < count; b++) {
    const dense: number[][] = [];
    for (let i = 0; i < rows; i++) {
      const row: number[] = [];
      for (let j = 0; j < cols; j++) row.push(random.next() < 0.33 ? 1 + Math.floor(random.next() * 5) : 0);
      dense.push(row);
    }
    out.push(CsrMatrix.fromDense(dense));
  }
  return out;
}

const sameBits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

const sameState = (a: OnlineNmfState, b: OnlineNmfState) =>
  a.steps === b.steps && sameBits(a.H, b.H) && sameBits(a.A, b.A) && sameBits(a.B, b.B);

for (const options of [
  { components: 3, seed: 1 },
  { components: 4, seed: 2, alphaW: 0.01, l1Ratio: 0.5, forgetFactor: 0.5 },
]) {
  test(`applyStatistics(statistics(b)) is partialFit(b) bit for bit (${JSON.stringify(options)})`, (t) => {
    const data = batches(6, 7, 40, 11);
    const reference = new OnlineNmf(options);
    const split = new OnlineNmf(options);
    for (const b of data) {
      const loss = reference.partialFit(b);
      const stats = split.statistics(b);
      t.is(stats.rows, b.rows);
      t.is(stats.WtW.length, options.components ** 2);
      // Only the columns the batch touches travel.
      t.deepEqual(
        [...stats.terms],
        [...new Set(b.indices)].sort((x, y) => x - y),
      );
      t.true(Math.abs(split.applyStatistics(stats) - loss) <= 1e-12 * loss);
      t.true(sameState(reference.state(), split.state()));
    }
  });
}

test('statistics computed by another model against the same H apply as its own', (t) => {
  const data = batches(4, 5, 30, 3);
  const reference = new OnlineNmf({ components: 2, seed: 5 });
  const coordinator = new OnlineNmf({ components: 2, seed: 5 });
  coordinator.initialize(data[0]);
  for (const b of data) {
    reference.partialFit(b);
    const worker = new OnlineNmf({ components: 2 });
    worker.restore(coordinator.state());
    coordinator.applyStatistics(worker.statistics(b));
  }
  t.true(sameState(reference.state(), coordinator.state()));
});

test('a round: statistics against one H applied in order differ from sequential steps but are reproducible', (t) => {
  const data = batches(3, 6, 25, 8);
  const run = () => {
    const model = new OnlineNmf({ components: 3, seed: 0 });
    model.initialize(data[0]);
    const stats = data.map((b) => model.statistics(b));
    for (const s of stats) model.applyStatistics(s);
    return model.state();
  };
  const sequential = new OnlineNmf({ components: 3, seed: 0 });
  for (const b of data) sequential.partialFit(b);
  t.true(sameState(run(), run()));
  t.false(sameBits(run().H, sequential.state().H));
  t.is(run().steps, 3);
});

test('restore continues where the state was taken', (t) => {
  const data = batches(4, 5, 20, 4);
  const a = new OnlineNmf({ components: 2 });
  const b = new OnlineNmf({ components: 2 });
  a.partialFit(data[0]);
  a.partialFit(data[1]);
  b.restore(a.state());
  for (const x of data.slice(2)) {
    a.partialFit(x);
    b.partialFit(x);
  }
  t.true(sameState(a.state(), b.state()));
});

test('other β-losses and malformed statistics or states are refused clearly', (t) => {
  const [x] = batches(1, 4, 10, 1);
  const kl = new OnlineNmf({ components: 2, betaLoss: 'kullback-leibler' });
  const e = t.throws(() => kl.statistics(x));
  t.true(isRivuletError(e, 'invalid-option'));
  t.regex(e?.message ?? '', /statistics needs betaLoss 'frobenius'.*β = 1/);
  const model = new OnlineNmf({ components: 2 });
  t.throws(() => model.applyStatistics(new OnlineNmf({ components: 2 }).statistics(x)), {
    message: /no batch has been seen yet/,
  });
  const stats = model.statistics(x);
  t.throws(() => model.applyStatistics({ ...stats, columns: 11 }), {
    message: /have 11 columns but the model has 10/,
  });
  t.throws(() => model.applyStatistics({ ...stats, terms: stats.terms.slice().reverse() }), {
    message: /terms must increase strictly/,
  });
  t.throws(() => model.applyStatistics({ ...stats, WtW: new Float64Array(3) }), {
    message: /WtW must be a Float64Array of 4/,
  });
  const state = model.state();
  t.throws(() => new OnlineNmf({ components: 3 }).restore(state), {
    message: /has 2 components, the model 3/,
  });
  t.throws(() => new OnlineNmf({ components: 2 }).restore({ ...state, B: new Float64Array(20) }), {
    message: /B holds 0 at 0/,
  });
});
