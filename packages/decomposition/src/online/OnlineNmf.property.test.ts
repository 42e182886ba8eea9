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
          forgetFactor: fc.double({ min: 0, max: 1, noNaN: true }),
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
