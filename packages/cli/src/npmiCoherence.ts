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
  const columns = postings(matrix, topics);
  const out = new Float64Array(topics.length);
  for (let t = 0; t < topics.length; t++) {
    const terms = topics[t];
    let sum = 0;
    let pairs = 0;
    for (let a = 0; a < terms.length; a++) {
      for (let b = 0; b < terms.length; b++) {
        if (a === b) continue;
        const rowsA = columns.get(terms[a])!;
        const rowsB = columns.get(terms[b])!;
        const pa = rowsA.length / documents;
        const pb = rowsB.length / documents;
        const pab = intersectionSize(rowsA, rowsB) / documents;
        sum += Math.log((pab + EPSILON) / (pa * pb)) / -Math.log(pab + EPSILON);
        pairs++;
      }
    }
    out[t] = pairs === 0 ? Number.NaN : sum / pairs;
  }
  return out;
}

/** For each term used by a topic, the ascending rows (documents) where it occurs. */
function postings(matrix: CsrMatrix, topics: readonly (readonly number[])[]): Map<number, Int32Array> {
  const wanted = new Map<number, number[]>();
  for (const terms of topics) for (const j of terms) if (!wanted.has(j)) wanted.set(j, []);
  const { rows, indptr, indices, data } = matrix;
  for (let i = 0; i < rows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      if (data[p] === 0) continue;
      const list = wanted.get(indices[p]);
      if (list) list.push(i);
    }
  }
  const out = new Map<number, Int32Array>();
  for (const [j, list] of wanted) out.set(j, Int32Array.from(list));
  return out;
}

function intersectionSize(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}
