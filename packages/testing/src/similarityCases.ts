import type { SimilarityIndex } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { EMPTY, of } from 'rxjs';
import { badOptionCases, type CheckCase, nothing, unknownKeyCases, withOptions } from './CheckCase.js';
import type { CheckProfile } from './checkPlugin.js';

/**
 * Problems with one similarity index over `n` rows whose cosines should be `expected` (row pairs), and
 * whose pairwise matrix must be finite, symmetric and in [−1, 1].
 */
export function indexProblems(
  values: readonly unknown[],
  n: number,
  expected: readonly [number, number, number][] = [],
): string[] {
  if (values.length !== 1) return [`expected one index, got ${values.length}`];
  const index = values[0] as SimilarityIndex;
  if (index?.size !== n) return [`index size ${index?.size}, expected ${n}`];
  const problems: string[] = [];
  const p = index.pairwise();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = p.data[i * n + j];
      if (!(c >= -1 && c <= 1) || c !== p.data[j * n + i]) {
        problems.push(`pairwise[${i}, ${j}] = ${c}`);
        return problems;
      }
    }
    const top = index.topK(i, n);
    if (top.length !== n - 1 || top.some((x) => !Number.isFinite(x.score)))
      problems.push(`topK(${i}, ${n}) gave ${JSON.stringify(top)}`);
  }
  for (const [i, j, c] of expected) {
    const got = index.cosine(i, j);
    if (!(Math.abs(got - c) <= 1e-9)) problems.push(`cosine(${i}, ${j}) = ${got}, expected ${c}`);
  }
  return problems;
}

/** The similarity battery (input: result events or dense rows). */
export function similarityCases(profile: CheckProfile): CheckCase[] {
  const base = profile.baseOptions;
  const rows = (r: number[][]) => () => of(DenseMatrix.fromRows(r));
  const two = rows([
    [1, 0],
    [1, 1],
  ]);
  const invalid = ['invalid-input'] as const;
  const option = (name: string, value: unknown, kinds = ['invalid-option'] as const): CheckCase => ({
    name: `options: ${name} ${JSON.stringify(value) ?? String(value)}`,
    options: withOptions(base, { [name]: value }),
    source: two,
    accept: { errors: kinds, parameter: name },
  });
  const scaledCase = (s: number): CheckCase => ({
    name: `magnitude ${s}: parallel rows have cosine 1`,
    source: rows([
      [s, s],
      [2 * s, 2 * s],
      [s, 0],
    ]),
    accept: {
      errors: ['invalid-input', 'limit'],
      values: (v) =>
        indexProblems(v, 3, [
          [0, 1, 1],
          [0, 2, Math.SQRT1_2],
        ]),
    },
  });
  return [
    { name: 'empty stream', source: () => EMPTY, accept: { values: nothing } },
    { name: 'one row', source: rows([[1, 2]]), accept: { values: (v) => indexProblems(v, 1) } },
    {
      name: 'a zero row',
      source: rows([
        [0, 0],
        [1, 1],
      ]),
      accept: { values: (v) => indexProblems(v, 2, [[0, 1, 0]]) },
    },
    {
      name: 'duplicate rows',
      source: rows([
        [1, 2],
        [1, 2],
      ]),
      accept: { values: (v) => indexProblems(v, 2, [[0, 1, 1]]) },
    },
    {
      name: 'negative values (opposite rows)',
      source: rows([
        [1, -2],
        [-1, 2],
      ]),
      accept: { values: (v) => indexProblems(v, 2, [[0, 1, -1]]) },
    },
    {
      name: 'a result event',
      source: () =>
        of({
          type: 'result',
          W: DenseMatrix.fromRows([
            [1, 0],
            [0, 1],
          ]),
          H: new DenseMatrix(2, 2),
          loss: 0,
          epochs: 1,
          converged: true,
          stopped: false,
        }),
      accept: { values: (v) => indexProblems(v, 2, [[0, 1, 0]]) },
    },
    scaledCase(1e-300),
    scaledCase(1e-170),
    scaledCase(1e170),
    scaledCase(1e300),
    { name: 'NaN value', source: rows([[1, Number.NaN]]), accept: { errors: invalid } },
    { name: '∞ value', source: rows([[1, Number.POSITIVE_INFINITY]]), accept: { errors: invalid } },
    { name: 'null instead of rows', source: () => of(null), accept: { errors: invalid } },
    { name: 'a string instead of rows', source: () => of('1 2'), accept: { errors: invalid } },
    { name: 'ragged rows (plain arrays)', source: () => of([[1, 2], [3]]), accept: { errors: invalid } },
    {
      name: 'a plain object instead of a matrix',
      source: () => of({ rows: 2, cols: 2, data: [1, 2, 3, 4] }),
      accept: { errors: invalid },
    },
    {
      name: 'a matrix-like object whose data is too short',
      source: () => of({ rows: 2, cols: 2, data: new Float64Array(1) }),
      accept: { errors: invalid },
    },
    {
      name: 'a sparse matrix',
      source: () => of(CsrMatrix.fromDense([[1, 0]])),
      accept: { errors: invalid },
    },
    {
      name: 'an epoch event',
      source: () => of({ type: 'epoch', epoch: 1, loss: 1, relativeChange: 0, elapsedMs: 0 }),
      accept: { errors: invalid },
    },
    {
      name: 'ids of the wrong length',
      options: withOptions(base, { ids: ['only-one'] }),
      source: two,
      accept: { errors: ['invalid-input', 'invalid-option'], parameter: 'ids' },
    },
    option('ids', 'a,b'),
    option('ids', [1, 2]),
    option('maxBytes', -1),
    option('maxBytes', Number.NaN),
    ...badOptionCases(base, profile.badOptions, two),
    ...unknownKeyCases(base, two),
  ];
}
