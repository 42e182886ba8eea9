import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { EMPTY, of } from 'rxjs';
import { badOptionCases, type CheckCase, nothing, unknownKeyCases, withOptions } from './CheckCase.js';
import type { CheckProfile } from './checkPlugin.js';
import { docTerm, frobenius, fromCsr, RANK_ONE, scaled, TWO_TOPICS } from './inputs.js';

/**
 * The decomposer battery. Every input is a document-term matrix (or something a JavaScript caller might
 * pass instead); results are checked for shapes, finite values, non-negativity (unless `signed`), a finite
 * loss, and — on the scaled rank-one inputs — that W·H still reconstructs A (a value clamped to 0 or to
 * the largest double would not).
 */
export function decomposerCases(profile: CheckProfile): CheckCase[] {
  const base = profile.baseOptions;
  const k1 = withOptions(base, { components: 1 });
  const training =
    (rows: readonly (readonly number[])[], cols: number, components: number, reference?: Reference) =>
    (values: readonly unknown[]) =>
      trainingProblems(values, rows, cols, components, profile, reference);
  const components = (base.components as number | undefined) ?? 1;
  const src = (rows: readonly (readonly number[])[]) => () => of(docTerm(rows));
  const invalid = ['invalid-input'] as const;
  const cases: CheckCase[] = [
    {
      name: 'empty stream',
      source: () => EMPTY,
      accept: { errors: ['empty-input'], values: nothing },
    },
    {
      name: 'empty matrix (0 × 0)',
      source: src([]),
      accept: { errors: ['empty-input'] },
    },
    {
      name: 'no documents (0 × 4)',
      source: () =>
        of(fromCsr(new CsrMatrix(0, 4, new Int32Array(1), new Int32Array(0), new Float64Array(0)))),
      accept: { errors: ['empty-input'] },
    },
    {
      name: 'no terms (3 × 0)',
      source: () => of(docTerm([[], [], []], 0)),
      accept: { errors: ['empty-input'] },
    },
    {
      name: 'one document',
      options: k1,
      source: src([[1, 0, 2, 3]]),
      accept: { values: training([[1, 0, 2, 3]], 4, 1) },
    },
    {
      name: 'one term',
      options: k1,
      source: src([[1], [0], [2], [3]]),
      accept: { values: training([[1], [0], [2], [3]], 1, 1) },
    },
    {
      name: 'all-zero rows and columns',
      source: src(ZERO_ROW_COL),
      accept: { values: training(ZERO_ROW_COL, 5, components) },
    },
    {
      name: 'all-zero matrix',
      source: src([
        [0, 0, 0],
        [0, 0, 0],
      ]),
      accept: {
        errors: ['empty-input', 'invalid-input'],
        values: training(
          [
            [0, 0, 0],
            [0, 0, 0],
          ],
          3,
          components,
        ),
      },
    },
    {
      name: 'duplicate documents',
      source: src([...TWO_TOPICS, ...TWO_TOPICS]),
      accept: { values: training([...TWO_TOPICS, ...TWO_TOPICS], 6, components) },
    },
    {
      name: 'two documents in one stream (two results or a clear error)',
      source: () => of(docTerm(TWO_TOPICS), docTerm(TWO_TOPICS)),
      accept: { errors: ['invalid-input'], values: (v) => twoRuns(v, profile) },
    },
    ...[1, 1e-300, 1e-150, 1e150, 1e300].map(
      (s): CheckCase => ({
        name: `magnitude ${s} (rank one)`,
        options: k1,
        source: src(scaled(RANK_ONE, s)),
        accept: {
          errors: ['invalid-input', 'limit'],
          values: training(scaled(RANK_ONE, s), 4, 1, { rows: RANK_ONE, scale: s }),
        },
      }),
    ),
    {
      name: 'NaN value',
      source: src([
        [1, Number.NaN],
        [2, 1],
      ]),
      accept: { errors: invalid },
    },
    {
      name: '+∞ value',
      source: src([
        [1, Number.POSITIVE_INFINITY],
        [2, 1],
      ]),
      accept: { errors: invalid },
    },
    {
      name: '−∞ value',
      source: src([
        [1, 2],
        [Number.NEGATIVE_INFINITY, 1],
      ]),
      accept: { errors: invalid },
    },
    {
      name: 'negative value',
      source: src(NEGATIVE),
      accept: profile.signed ? { values: training(NEGATIVE, 3, components) } : { errors: invalid },
    },
    {
      name: 'CSR column index out of range',
      source: () =>
        of(fromCsr(new CsrMatrix(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 7), Float64Array.of(1, 1)))),
      accept: { errors: invalid },
    },
    {
      name: 'ragged dense rows instead of a matrix',
      source: () => of({ ...docTerm(TWO_TOPICS), matrix: [[1, 2], [3]] }),
      accept: { errors: invalid },
    },
    {
      name: 'a plain object instead of a matrix',
      source: () => of({ ...docTerm(TWO_TOPICS), matrix: { rows: 2, cols: 2, data: [1, 2, 3, 4] } }),
      accept: { errors: invalid },
    },
    {
      name: 'strings for numbers',
      source: () => of({ ...docTerm(TWO_TOPICS), matrix: { rows: 2, cols: 2, data: ['1', '2', '3', '4'] } }),
      accept: { errors: invalid },
    },
    {
      name: 'null instead of a document-term matrix',
      source: () => of(null),
      accept: { errors: invalid },
    },
    {
      name: 'a string instead of a document-term matrix',
      source: () => of('1 2; 3 4'),
      accept: { errors: invalid },
    },
    {
      name: 'components above min(rows, cols): refused or honoured, never clamped',
      options: withOptions(base, { components: 9 }),
      source: src(TWO_TOPICS),
      accept: { errors: ['invalid-option'], values: training(TWO_TOPICS, 6, 9) },
    },
    ...[0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2', null].map(
      (bad): CheckCase => ({
        name: `options: components ${typeof bad === 'string' ? JSON.stringify(bad) : String(bad)}`,
        options: withOptions(base, { components: bad }),
        source: src(TWO_TOPICS),
        accept: { errors: ['invalid-option'], parameter: 'components' },
      }),
    ),
    ...unknownKeyCases(base, src(TWO_TOPICS)),
    ...badOptionCases(base, profile.badOptions, src(TWO_TOPICS)),
  ];
  return cases;
}

const ZERO_ROW_COL: readonly (readonly number[])[] = [
  [1, 0, 2, 0, 1],
  [0, 0, 0, 0, 0],
  [3, 0, 1, 0, 2],
  [0, 0, 1, 0, 4],
];

const NEGATIVE: readonly (readonly number[])[] = [
  [1, -2, 3],
  [2, 1, 0],
  [0, 1, 1],
];

/** The scaled-rank-one reference: A = scale · rows, which a rank ≥ 1 model reconstructs. */
interface Reference {
  readonly rows: readonly (readonly number[])[];
  readonly scale: number;
}

interface ResultLike {
  type: 'result';
  W: DenseMatrix;
  H: DenseMatrix;
  loss: number;
}

function twoRuns(values: readonly unknown[], profile: CheckProfile): string[] {
  // A batch decomposer trains once per matrix; a streaming one learns from both and ends with one result.
  const expected = profile.rowsInResult ? 2 : 1;
  const results = values.filter((v) => (v as { type?: string }).type === 'result');
  return results.length === expected ? [] : [`expected ${expected} result(s), got ${results.length}`];
}

/** Problems with a training stream's output on data `rows` (rows × cols). */
export function trainingProblems(
  values: readonly unknown[],
  rows: readonly (readonly number[])[],
  cols: number,
  components: number,
  profile: CheckProfile,
  reference?: Reference,
): string[] {
  const problems: string[] = [];
  const results = values.filter((v) => (v as { type?: string }).type === 'result') as ResultLike[];
  if (results.length !== 1) return [`expected one result event, got ${results.length}`];
  if (values[values.length - 1] !== results[0]) problems.push('the result is not the last event');
  for (const v of values) {
    const e = v as { type?: string; loss?: number };
    if ((e.type === 'epoch' || e.type === 'batch') && !(Number.isFinite(e.loss) && (e.loss as number) >= 0)) {
      problems.push(`${e.type} event with loss ${e.loss}`);
      break;
    }
  }
  const { W, H, loss } = results[0];
  if (!DenseMatrix.is(W) || !DenseMatrix.is(H)) return [...problems, 'W or H is not a DenseMatrix'];
  if (H.rows !== components || H.cols !== cols)
    problems.push(`H is ${H.rows} × ${H.cols}, expected ${components} × ${cols}`);
  const wRows = profile.rowsInResult ? rows.length : 0;
  if (W.rows !== wRows || W.cols !== components)
    problems.push(`W is ${W.rows} × ${W.cols}, expected ${wRows} × ${components}`);
  for (const [name, m] of [
    ['W', W],
    ['H', H],
  ] as const) {
    for (let p = 0; p < m.data.length; p++) {
      const v = m.data[p];
      if (!Number.isFinite(v) || (!profile.signed && v < 0)) {
        problems.push(`${name}[${Math.floor(p / m.cols)}, ${p % m.cols}] = ${v}`);
        break;
      }
    }
  }
  if (!(Number.isFinite(loss) && loss >= 0)) problems.push(`loss ${loss}`);
  // A streaming decomposer makes one pass (one step here) and reports that batch's loss before its update,
  // so only batch decomposers are held to fitting the rank-one matrix.
  if (reference !== undefined && problems.length === 0 && profile.rowsInResult) {
    const norm = frobenius(reference.rows);
    const relLoss = loss / (reference.scale * norm);
    if (!(relLoss < 0.05)) problems.push(`loss ${loss} is ${relLoss} of ‖A‖ on a rank-one matrix`);
    if (W.rows > 0) {
      const rel = reconstructionError(W, H, reference);
      if (!(rel < 0.05)) problems.push(`W·H/scale differs from A/scale by ${rel} relative (values clamped?)`);
    }
  }
  return problems;
}

/** ‖W·H/s − A₀‖_F / ‖A₀‖_F, each product scaled by √s on both sides so nothing overflows. */
function reconstructionError(W: DenseMatrix, H: DenseMatrix, ref: Reference): number {
  const root = Math.sqrt(ref.scale);
  const k = W.cols;
  let err = 0;
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < H.cols; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += (W.data[i * k + c] / root) * (H.data[c * H.cols + j] / root);
      err += (s - ref.rows[i][j]) ** 2;
    }
  }
  return Math.sqrt(err) / frobenius(ref.rows);
}
