import { type DocTermMatrix, RivuletError, type WeightingState } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import { applyWeighting } from './applyWeighting.js';
import { argsortLikeNumpy } from './argsortLikeNumpy.js';
import type { CountAccumulator } from './CountAccumulator.js';
import { FittedVectorizer } from './FittedVectorizer.js';
import { sortByCodePoint } from './sortByCodePoint.js';
import { sortRow } from './sortRow.js';
import { describeBound, documentBound, type ResolvedVectorizerOptions, STAGE } from './VectorizerOptions.js';

/** A fit-mode result: the weighted matrix of the fitted documents, carrying the vectorizer that made it. */
export interface FittedDocTermMatrix extends DocTermMatrix {
  /** Transforms further documents with this matrix's vocabulary and weighting. */
  readonly fitted: FittedVectorizer;
}

/**
 * Finishes a fit, following scikit-learn's `CountVectorizer.fit_transform` then `TfidfTransformer`:
 * drop terms whose document frequency lies outside [minDf, maxDf]; if more than `maxFeatures` remain, keep
 * the most frequent over the corpus (ties as numpy's argsort breaks them, see {@link argsortLikeNumpy});
 * sort the vocabulary by code point; weight. Documents left with no terms stay as empty rows.
 *
 * Reads the accumulator's buffers; the matrix has its own.
 * @throws RivuletError `empty-input` for no documents, no terms or a vocabulary emptied by pruning;
 *   `invalid-option` when maxDf stands for fewer documents than minDf.
 */
export function fitCounts(acc: CountAccumulator, options: ResolvedVectorizerOptions): FittedDocTermMatrix {
  const rows = acc.documents;
  const termCount = acc.terms.length;
  if (rows === 0) {
    throw new RivuletError('empty-input', STAGE, 'no documents to fit: the corpus is empty', {
      parameter: 'documents',
    });
  }
  if (termCount === 0) {
    throw new RivuletError(
      'empty-input',
      STAGE,
      `empty vocabulary: the ${rows === 1 ? 'document has' : `${rows} documents have`} no tokens at all, before any pruning (are the texts empty, or only stop words?)`,
      { parameter: 'documents' },
    );
  }
  const { minDf, maxDf, maxFeatures } = options;
  const low = documentBound(minDf, rows);
  const high = documentBound(maxDf, rows);
  if (high < low) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `maxDf must stand for at least as many documents as minDf, got maxDf = ${describeBound(maxDf)} (${high} of ${rows} documents) < minDf = ${describeBound(minDf)} (${low})`,
      { parameter: 'maxDf' },
    );
  }

  const { terms } = acc;
  const df = acc.documentFrequencies();
  const kept: string[] = [];
  for (let id = 0; id < termCount; id++) {
    if (df[id] >= low && df[id] <= high) kept.push(terms[id]);
  }
  sortByCodePoint(kept);
  let vocabulary = kept;
  if (maxFeatures !== null && kept.length > maxFeatures) {
    vocabulary = mostFrequent(acc, df, kept, maxFeatures, options.weighting === 'binary');
  }
  if (vocabulary.length === 0) {
    throw new RivuletError(
      'empty-input',
      STAGE,
      `after pruning, no terms remain (minDf = ${describeBound(minDf)} → df ≥ ${low}, maxDf = ${describeBound(maxDf)} → df ≤ ${high}, maxFeatures = ${maxFeatures}, over ${rows} documents and ${termCount} terms); try a lower minDf or a higher maxDf`,
      { parameter: 'minDf' },
    );
  }

  const { table } = acc;
  const remap = new Int32Array(termCount).fill(-1);
  const firstSeen = new Int32Array(vocabulary.length);
  for (let j = 0; j < vocabulary.length; j++) {
    firstSeen[j] = table.find(vocabulary[j], 0, vocabulary[j].length);
    remap[firstSeen[j]] = j;
  }
  const matrix = keptRows(acc, remap, vocabulary.length);

  let weighting: WeightingState = { kind: options.weighting, norm: options.norm };
  if (options.weighting === 'tfidf') {
    const idf = new Float64Array(vocabulary.length);
    const smooth = options.smoothIdf ? 1 : 0;
    for (let j = 0; j < vocabulary.length; j++) {
      idf[j] = Math.log((rows + smooth) / (df[firstSeen[j]] + smooth)) + 1;
    }
    weighting = { ...weighting, idf, smoothIdf: options.smoothIdf, sublinearTf: options.sublinearTf };
  }
  applyWeighting(rows, matrix.indptr, matrix.indices, matrix.data, weighting);
  const fitted = new FittedVectorizer(vocabulary, weighting, options);
  return { matrix, vocabulary, ids: acc.ids, weighting, fitted };
}

/**
 * The `limit` terms of `sorted` (code-point order) with the highest corpus frequency, in code-point order.
 * scikit-learn ranks by the column sums of its count matrix, which for `binary=True` are document frequencies.
 */
function mostFrequent(
  acc: CountAccumulator,
  df: Int32Array,
  sorted: string[],
  limit: number,
  binary: boolean,
): string[] {
  const { table } = acc;
  let frequency: Float64Array;
  if (binary) {
    frequency = Float64Array.from(df.subarray(0, acc.terms.length));
  } else {
    frequency = new Float64Array(acc.terms.length);
    const runs = acc.rowRuns();
    const { indices, counts } = runs;
    while (runs.next()) {
      const to = acc.indptr[runs.end] - runs.offset;
      for (let p = acc.indptr[runs.first] - runs.offset; p < to; p++) frequency[indices[p]] += counts[p];
    }
  }
  const negated = new Float64Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) negated[k] = -frequency[table.find(sorted[k], 0, sorted[k].length)];
  const order = argsortLikeNumpy(negated, new Int32Array(sorted.length));
  const chosen = order.subarray(0, limit).sort();
  const out = new Array<string>(limit);
  for (let k = 0; k < limit; k++) out[k] = sorted[chosen[k]];
  return out;
}

/**
 * The counts of the kept terms as an exact-size CSR matrix (documents × `columns`): pruned terms (`remap`
 * −1) dropped, the rest renumbered and each row's columns sorted, values carried through a dense scratch
 * row. A first pass sizes the arrays, so the accumulator's over-allocated buffers are read, never copied
 * or trimmed.
 */
function keptRows(acc: CountAccumulator, remap: Int32Array, columns: number): CsrMatrix {
  const rows = acc.documents;
  const from = acc.indptr;
  const indptr = new Int32Array(rows + 1);
  let runs = acc.rowRuns();
  while (runs.next()) {
    const { first, end, offset, indices: terms } = runs;
    for (let i = first; i < end; i++) {
      let kept = 0;
      for (let p = from[i] - offset; p < from[i + 1] - offset; p++) if (remap[terms[p]] >= 0) kept++;
      indptr[i + 1] = indptr[i] + kept;
    }
  }
  const indices = new Int32Array(indptr[rows]);
  const data = new Float64Array(indptr[rows]);
  const scratch = new Float64Array(columns);
  runs = acc.rowRuns();
  while (runs.next()) {
    const { first, end, offset, indices: terms, counts } = runs;
    for (let i = first; i < end; i++) {
      let q = indptr[i];
      for (let p = from[i] - offset; p < from[i + 1] - offset; p++) {
        const j = remap[terms[p]];
        if (j < 0) continue;
        indices[q] = j;
        scratch[j] = counts[p];
        q++;
      }
      sortRow(indices, indptr[i], q);
      for (let p = indptr[i]; p < q; p++) data[p] = scratch[indices[p]];
    }
  }
  return new CsrMatrix(rows, columns, indptr, indices, data);
}
