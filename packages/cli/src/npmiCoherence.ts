import type { CsrMatrix } from '@rivulet/linalg';

/** gensim's `EPSILON` in `direct_confirmation_measure.py`: keeps log finite for pairs never seen together. */
const EPSILON = 1e-12;

/**
 * Topic coherence as normalised pointwise mutual information (NPMI) of a topic's top terms, estimated by
 * boolean document co-occurrence over the corpus: for every ordered pair of distinct top terms,
 * `log((P(a,b) + ε) / (P(a)·P(b))) / −log(P(a,b) + ε)` with P = share of documents containing the terms,
 * averaged over the pairs. This is gensim 4's `log_ratio_measure(normalize=True)` over the `s_one_one`
 * segmentation with `p_boolean_document` probabilities (gensim's `c_npmi` uses a sliding window of 10
 * instead; on short documents such as fortunes the two nearly agree). NPMI after Bouma (2009),
 * "Normalized (pointwise) mutual information in collocation extraction"; as a coherence measure,
 * Röder, Both & Hinneburg (2015), "Exploring the space of topic coherence measures".
 *
 * @param matrix documents × terms; a term occurs in a document where the entry is non-zero.
 * @param topics for each topic the column indices of its top terms.
 * @return one coherence per topic in [−1, 1]; NaN for a topic with fewer than two terms.
 *
 * @example
 * ```ts
 * import { npmiCoherence } from '@rivulet/cli';
 * const [c] = npmiCoherence(matrix, [[0, 4, 7]]);
 * ```
 */
export function npmiCoherence(matrix: CsrMatrix, topics: readonly (readonly number[])[]): Float64Array {
  const documents = matrix.rows;
  const { slot, start, rows } = postings(matrix, topics);
  const out = new Float64Array(topics.length);
  let pairValue = new Float64Array(0);
  for (let t = 0; t < topics.length; t++) {
    const terms = topics[t];
    const m = terms.length;
    if (pairValue.length < m * m) pairValue = new Float64Array(m * m);
    // NPMI is symmetric in a and b: each unordered pair is measured once, then the ordered pairs are
    // summed in gensim's order so the mean is the same to the last bit.
    for (let a = 0; a < m; a++) {
      const sa = slot[terms[a]];
      const pa = (start[sa + 1] - start[sa]) / documents;
      for (let b = a + 1; b < m; b++) {
        const sb = slot[terms[b]];
        const pb = (start[sb + 1] - start[sb]) / documents;
        const pab = intersectionSize(rows, start[sa], start[sa + 1], start[sb], start[sb + 1]) / documents;
        const value = Math.log((pab + EPSILON) / (pa * pb)) / -Math.log(pab + EPSILON);
        pairValue[a * m + b] = value;
        pairValue[b * m + a] = value;
      }
    }
    let sum = 0;
    let pairs = 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        if (a === b) continue;
        sum += pairValue[a * m + b];
        pairs++;
      }
    }
    out[t] = pairs === 0 ? Number.NaN : sum / pairs;
  }
  return out;
}

/**
 * The ascending rows (documents) where each term used by a topic occurs, in one array: the postings of
 * the term in column j are `rows[start[slot[j]] .. start[slot[j] + 1])`. Two passes over the non-zeros
 * with typed-array lookups (count, then fill), instead of a hash lookup per non-zero.
 */
function postings(
  matrix: CsrMatrix,
  topics: readonly (readonly number[])[],
): { slot: Int32Array; start: Int32Array; rows: Int32Array } {
  const { rows: rowCount, cols, indptr, indices, data } = matrix;
  const slot = new Int32Array(cols).fill(-1);
  let slots = 0;
  for (const terms of topics) for (const j of terms) if (slot[j] === -1) slot[j] = slots++;
  const start = new Int32Array(slots + 1);
  for (let i = 0; i < rowCount; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const s = slot[indices[p]];
      if (s !== -1 && data[p] !== 0) start[s + 1]++;
    }
  }
  for (let s = 0; s < slots; s++) start[s + 1] += start[s];
  const fill = start.slice(0, slots);
  const rows = new Int32Array(start[slots]);
  for (let i = 0; i < rowCount; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const s = slot[indices[p]];
      if (s !== -1 && data[p] !== 0) rows[fill[s]++] = i;
    }
  }
  return { slot, start, rows };
}

/** How many rows two ascending runs of `rows` share: a merge of the runs. */
function intersectionSize(rows: Int32Array, a: number, aEnd: number, b: number, bEnd: number): number {
  let i = a;
  let j = b;
  let n = 0;
  while (i < aEnd && j < bEnd) {
    const x = rows[i];
    const y = rows[j];
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}
