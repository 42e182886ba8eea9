import type { WeightingState } from '@rivulet/core';

/**
 * Turns raw term counts into weights in place, as scikit-learn's CountVectorizer/TfidfTransformer do:
 * `binary` sets every stored count to 1; `tfidf` replaces a count c by (sublinear ? 1 + ln c : c) · idf[j];
 * then each row is divided by its l1 or l2 norm (rows of norm 0 are left as they are).
 *
 * `indptr`: rows + 1 row pointers; `indices`, `data`: the column and count of each stored entry, in place.
 * The order of floating-point operations follows `TfidfTransformer.transform` and `sklearn.preprocessing.normalize`,
 * so that results agree to the last bits.
 */
export function applyWeighting(
  rows: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  weighting: WeightingState,
): void {
  const nnz = indptr[rows];
  if (weighting.kind === 'binary') {
    data.fill(1, 0, nnz);
  } else if (weighting.kind === 'tfidf') {
    const idf = weighting.idf!;
    if (weighting.sublinearTf) {
      for (let p = 0; p < nnz; p++) data[p] = Math.log(data[p]) + 1;
    }
    for (let p = 0; p < nnz; p++) data[p] *= idf[indices[p]];
  }
  if (weighting.norm === 'l2') {
    for (let i = 0; i < rows; i++) {
      const start = indptr[i];
      const end = indptr[i + 1];
      let sum = 0;
      for (let p = start; p < end; p++) sum += data[p] * data[p];
      if (sum === 0) continue;
      sum = Math.sqrt(sum);
      for (let p = start; p < end; p++) data[p] /= sum;
    }
  } else if (weighting.norm === 'l1') {
    for (let i = 0; i < rows; i++) {
      const start = indptr[i];
      const end = indptr[i + 1];
      let sum = 0;
      for (let p = start; p < end; p++) sum += Math.abs(data[p]);
      if (sum === 0) continue;
      for (let p = start; p < end; p++) data[p] /= sum;
    }
  }
}
