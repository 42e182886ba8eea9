import { describeValue, integerOption, RivuletError } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';

/** The highest-weighted terms of one component (a topic), best first. */
export interface TopicTerms {
  /** The component's row in `H`. */
  readonly index: number;
  readonly terms: readonly { readonly term: string; readonly weight: number }[];
}

const STAGE = 'topTerms';

/**
 * The `n` terms of largest weight in each row of `H` (components × terms), as the "top words per topic"
 * listing of scikit-learn's topic-extraction example (`components_[i].argsort()[:-n - 1:-1]`), with ties
 * broken by vocabulary order so the listing is deterministic. Each row is scanned once with a bounded
 * heap of `n` entries, `O(terms · log n)`, so a large vocabulary is never sorted.
 *
 * @param H components × terms (NMF's `H`, or SVD's `Vt` whose weights may be negative)
 * @param vocabulary names of the `H.cols` terms, in column order
 * @param n terms per component, an integer in `[1, vocabulary.length]`
 * @throws RivuletError `invalid-option` for a bad `n` or `H`, `invalid-input` when `H.cols` differs from
 * the vocabulary's length
 *
 * @example
 * ```ts
 * import { topTerms } from '@rivulet/decomposition';
 * import { DenseMatrix } from '@rivulet/linalg';
 * topTerms(DenseMatrix.fromRows([[0.1, 0.9, 0.5]]), ['a', 'b', 'c'], 2);
 * // [{ index: 0, terms: [{ term: 'b', weight: 0.9 }, { term: 'c', weight: 0.5 }] }]
 * ```
 */
export function topTerms(H: DenseMatrix, vocabulary: readonly string[], n: number): TopicTerms[] {
  if (!DenseMatrix.is(H)) {
    throw new RivuletError('invalid-option', STAGE, `H must be a DenseMatrix, got ${describeValue(H)}`, {
      parameter: 'H',
    });
  }
  if (!Array.isArray(vocabulary)) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `vocabulary must be an array of strings, got ${describeValue(vocabulary)}`,
      { parameter: 'vocabulary' },
    );
  }
  if (H.cols !== vocabulary.length) {
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `H has ${H.cols} columns but the vocabulary has ${vocabulary.length} terms; they must be equal`,
      { parameter: 'vocabulary' },
    );
  }
  integerOption(STAGE, 'n', n, {
    min: 1,
    max: vocabulary.length,
    label: `[1, vocabulary length] = [1, ${vocabulary.length}]`,
  });
  const heap = new Int32Array(n);
  const out: TopicTerms[] = [];
  for (let r = 0; r < H.rows; r++) {
    const row = H.row(r);
    let size = 0;
    for (let j = 0; j < row.length; j++) {
      if (size < n) {
        heap[size++] = j;
        siftUp(heap, size - 1, row);
      } else if (ranksAbove(row, j, heap[0])) {
        heap[0] = j;
        siftDown(heap, size, row);
      }
    }
    const best = Array.from(heap.subarray(0, size)).sort((a, b) => (ranksAbove(row, a, b) ? -1 : 1));
    out.push({ index: r, terms: best.map((j) => ({ term: vocabulary[j], weight: row[j] })) });
  }
  return out;
}

/** Term `a` ranks above term `b`: a larger weight, or an equal weight and an earlier column. */
function ranksAbove(row: Float64Array, a: number, b: number): boolean {
  return row[a] > row[b] || (row[a] === row[b] && a < b);
}

/** Min-heap by rank: the root is the lowest-ranked of the kept terms, the first to be replaced. */
function siftUp(heap: Int32Array, at: number, row: Float64Array): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!ranksAbove(row, heap[parent], heap[at])) return;
    const t = heap[parent];
    heap[parent] = heap[at];
    heap[at] = t;
    at = parent;
  }
}

function siftDown(heap: Int32Array, size: number, row: Float64Array): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let lowest = at;
    if (left < size && ranksAbove(row, heap[lowest], heap[left])) lowest = left;
    if (right < size && ranksAbove(row, heap[lowest], heap[right])) lowest = right;
    if (lowest === at) return;
    const t = heap[lowest];
    heap[lowest] = heap[at];
    heap[at] = t;
    at = lowest;
  }
}
