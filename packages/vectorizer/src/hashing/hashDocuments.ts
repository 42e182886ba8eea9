import { type DocTermMatrix, describeValue, RivuletError, type TokenizedDocument } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import type { HashingSettings } from './hashingOptions.js';
import { murmurhash3 } from './murmurhash3.js';

/**
 * Hashes one batch of tokenized documents into a `documents × nFeatures` matrix, as scikit-learn's
 * `HashingVectorizer.transform`: term t goes to bucket |h(t)| mod nFeatures with h the signed MurmurHash3
 * of its UTF-8 bytes (seed 0), counts add up (with the sign of h when `alternateSign`), `binary` sets every
 * stored value to 1, then rows are normalised. Like scipy, entries that cancel to 0 stay stored.
 * Every occurrence is also counted in the settings' reverse map.
 */
export function hashDocuments(
  stage: string,
  docs: readonly TokenizedDocument[],
  settings: HashingSettings,
): DocTermMatrix {
  const { nFeatures, alternateSign, norm, binary, vocabulary } = settings;
  const ids: string[] = [];
  const indptr = new Int32Array(docs.length + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const row = new Map<number, number>();
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    if (doc === null || typeof doc !== 'object' || typeof doc.id !== 'string' || !Array.isArray(doc.tokens)) {
      throw new RivuletError(
        'invalid-input',
        stage,
        `document ${i} of the batch must be { id: string, tokens: string[] }, got ${describeValue(doc)}`,
        { parameter: 'documents' },
      );
    }
    ids.push(doc.id);
    row.clear();
    for (const term of doc.tokens) {
      if (typeof term !== 'string') {
        throw new RivuletError(
          'invalid-input',
          stage,
          `document ${JSON.stringify(doc.id)} has a token that is not a string: ${describeValue(term)}`,
          { parameter: 'tokens' },
        );
      }
      const h = murmurhash3(term);
      // |−2³¹| is 2³¹ here (a double), the value scikit-learn special-cases for its int32 abs.
      const bucket = Math.abs(h) % nFeatures;
      row.set(bucket, (row.get(bucket) ?? 0) + (alternateSign && h < 0 ? -1 : 1));
      vocabulary.observe(bucket, term);
    }
    const start = indices.length;
    for (const bucket of [...row.keys()].sort((a, b) => a - b)) {
      indices.push(bucket);
      data.push(binary ? 1 : (row.get(bucket) as number));
    }
    if (norm !== null) normalise(data, start, norm);
    indptr[i + 1] = indices.length;
  }
  const matrix = new CsrMatrix(
    docs.length,
    nFeatures,
    indptr,
    Int32Array.from(indices),
    Float64Array.from(data),
  );
  return {
    matrix,
    vocabulary: vocabulary.asVocabulary(nFeatures),
    ids,
    weighting: { kind: binary ? 'binary' : 'count', norm },
  };
}

/** Scales `data[start..]` to unit l1 or l2 norm; an all-zero row stays zero (as sklearn's `normalize`). */
function normalise(data: number[], start: number, norm: 'l1' | 'l2'): void {
  let total = 0;
  for (let p = start; p < data.length; p++) total += norm === 'l1' ? Math.abs(data[p]) : data[p] * data[p];
  if (norm === 'l2') total = Math.sqrt(total);
  if (total === 0) return;
  for (let p = start; p < data.length; p++) data[p] /= total;
}
