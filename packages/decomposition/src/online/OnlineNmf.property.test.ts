import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';
import fc from 'fast-check';
import { OnlineNmf } from './index.js';

const batchArb = (cols: number) =>
  fc
    .array(
      fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })), {
        minLength: cols,
        maxLength: cols,
      }),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((rows) => CsrMatrix.fromDense(rows));

test('factors stay finite and non-negative for any non-negative batches, β and forget factor', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 6 }).chain((cols) =>
        fc.record({
          batches: fc.array(batchArb(cols), { minLength: 1, maxLength: 4 }),
          components: fc.integer({ min: 1, max: 3 }),
          betaLoss: fc.constantFrom('frobenius', 'kullback-leibler', 1.5, 3) as fc.Arbitrary<
            'frobenius' | 'kullback-leibler' | number
          >,
          // Forget factors below ~1e-150 are a known bug (see the failing test below), kept out here so this
          // property checks the rest of the range deterministically.
          forgetFactor: fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1, noNaN: true })),
          seed: fc.nat(1000),
        }),
      ),
      ({ batches, ...options }) => {
        const model = new OnlineNmf({ ...options, batchSize: 4 });
        for (const b of batches) {
          const loss = model.partialFit(b);
          if (!(loss >= 0)) return false;
        }
        const H = model.components.data;
        const W = model.transform(batches[0]).data;
        return H.every((v) => Number.isFinite(v) && v >= 0) && W.every((v) => Number.isFinite(v) && v >= 0);
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

// Known bug: a forget factor so small that the running sums' history underflows (≈1e-165 and below)
// lets one component of H decay towards the subnormal range; W's multiplicative update for that
// component then grows without bound over transform's iterations and ends in NaN. Found by fast-check
// (seed -170814896); kept visible until OnlineNmf guards degenerate components.
test.failing('known bug: a forget factor near underflow gives NaN in transform', (t) => {
  const batches = [
    [
      [0, 0.01],
      [0.05263349243250095, 0.01037450117484194],
    ],
    [
      [0, 0.01],
      [0.057157951331326944, 0],
    ],
    [[0.01, 0]],
  ].map((rows) => CsrMatrix.fromDense(rows));
  const model = new OnlineNmf({
    components: 2,
    forgetFactor: 3.056013107575668e-177,
    seed: 937,
    batchSize: 4,
  });
  for (const b of batches) model.partialFit(b);
  t.true(model.transform(batches[0]).data.every((v) => Number.isFinite(v)));
});
