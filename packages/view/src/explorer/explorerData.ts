import {
  type DocTermMatrix,
  integerOption,
  invalidOption,
  knownOptions,
  RivuletError,
  textSnippet,
} from '@rivulet/core';
import { argmaxRows, CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { classicalMds, jensenShannonDistance } from './intertopicMap.js';

const STAGE = 'explorerData';

/** One trained model to explore (one k of a comparison). */
export interface ExplorerModelInput {
  /** Shown on the page's model switch, e.g. `k=10`. Default `k=<components>`. */
  readonly label?: string;
  /** components × terms: each topic's term weights. */
  readonly H: DenseMatrix;
  /** documents × components: each document's topic weights, rows in the order of `ids`. */
  readonly W: DenseMatrix;
}

/** What {@link explorerData} reads: the corpus once, and one or more models trained on it. */
export interface ExplorerInput {
  /**
   * The document-term matrix the models were trained on (its vocabulary names H's columns, its ids W's
   * rows). p(w) is a term's share of the matrix's total, and the term bars compare a topic's part of a
   * term with the term's column sum.
   */
  readonly corpus: Pick<DocTermMatrix, 'matrix' | 'vocabulary' | 'ids'>;
  /** The documents' texts in row order, for snippets and search; absent for a matrix corpus. */
  readonly texts?: readonly string[];
  readonly models: readonly ExplorerModelInput[];
  /** Documents the page embeds at most (an evenly spaced sample of the corpus beyond it). Default 2000. */
  readonly maxDocuments?: number;
  /** Characters of each document's text kept as its snippet. Default 200. */
  readonly snippetLength?: number;
  /** Terms per topic ranked at each λ of 0, 0.1, …, 1 whose union the page embeds. Default 30. */
  readonly relevantTerms?: number;
}

/** One topic as the page draws it. */
export interface ExplorerTopic {
  /** Documents whose largest weight is on this topic. */
  readonly size: number;
  /** The topic's position on the intertopic map. */
  readonly x: number;
  readonly y: number;
  /**
   * `[term index into ExplorerData.terms, p(w|t), estimated frequency of the term in the topic]`, heaviest
   * p(w|t) first. The estimate splits the term's corpus total among the topics in proportion to their
   * parts of its reconstruction, `(Σᵢ Wᵢₜ)·Hₜw / Σₛ (Σᵢ Wᵢₛ)·Hₛw`, so it never exceeds the total (for
   * signed topics, the signed weight stands in p(w|t)'s place and the estimate is 0).
   */
  readonly terms: readonly (readonly [number, number, number])[];
}

/** One model as the page shows it. */
export interface ExplorerModel {
  readonly label: string;
  readonly components: number;
  /**
   * True when H has negative weights (SVD): term distributions, relevance and the map are undefined, and
   * `topics[].terms` holds the signed weights, heaviest first.
   */
  readonly signed: boolean;
  readonly topics: readonly ExplorerTopic[];
  /** Per embedded document, its topic mixture in thousandths (W's row over its sum, rounded). */
  readonly mixtures: readonly (readonly number[])[];
}

/** Everything the explorer page embeds, as plain JSON data. */
export interface ExplorerData {
  /** The terms any topic embeds. */
  readonly terms: readonly string[];
  /** p(w) of each embedded term: its share of all term totals. */
  readonly termShare: readonly number[];
  /** Each embedded term's total in the corpus. */
  readonly termTotal: readonly number[];
  readonly documents: {
    /** Documents in the corpus. */
    readonly total: number;
    /** Rows of the corpus the page embeds, ascending (every document when `total ≤ maxDocuments`). */
    readonly rows: readonly number[];
    readonly ids: readonly string[];
    /** The first `snippetLength` characters of each embedded document, spaces collapsed; null without texts. */
    readonly snippets: readonly string[] | null;
  };
  readonly models: readonly ExplorerModel[];
}

/** The λ grid whose top terms a topic embeds: enough to re-rank exactly for any λ in between. */
const LAMBDAS = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * The data of the interactive topic explorer ({@link renderExplorer}) for one corpus and one or more models
 * trained on it, with what the page embeds bounded: at most `maxDocuments` documents (an evenly spaced
 * sample beyond that, which the page says), a snippet of each, and per topic only the terms that rank in
 * its top `relevantTerms` at some λ of the grid 0, 0.1, …, 1.
 *
 * A topic's term distribution is its row of H over the row's sum, p(w|t); the corpus distribution p(w) is
 * each term's share of `termTotals`. Topics are placed by classical scaling of the Jensen–Shannon
 * distances between their term distributions ({@link classicalMds}), as pyLDAvis places them.
 *
 * @throws RivuletError `invalid-input` when shapes disagree (H's columns and the vocabulary, W's rows and
 * the ids, W's columns and H's rows, the texts and the ids) or a total is negative or not finite;
 * `invalid-option` for a bad `maxDocuments`, `snippetLength` or `relevantTerms`.
 */
export function explorerData(input: ExplorerInput): ExplorerData {
  knownOptions(STAGE, input, ['corpus', 'texts', 'models', 'maxDocuments', 'snippetLength', 'relevantTerms']);
  const maxDocuments = integerOption(STAGE, 'maxDocuments', input.maxDocuments ?? 2000, { min: 1 });
  const snippetLength = integerOption(STAGE, 'snippetLength', input.snippetLength ?? 200, { min: 1 });
  const relevantTerms = integerOption(STAGE, 'relevantTerms', input.relevantTerms ?? 30, { min: 1 });
  const { corpus, texts, models } = input;
  if (!CsrMatrix.is(corpus?.matrix) || !Array.isArray(corpus.vocabulary) || !Array.isArray(corpus.ids)) {
    invalidOption(STAGE, 'corpus', 'a DocTermMatrix ({ matrix, vocabulary, ids })', corpus);
  }
  if (!Array.isArray(models) || models.length === 0) {
    invalidOption(STAGE, 'models', 'a non-empty array of { H, W }', models);
  }
  const { vocabulary, ids } = corpus;
  const termTotals = columnSums(corpus.matrix);
  let grand = 0;
  for (const v of termTotals) grand += v;
  if (texts !== undefined && (!Array.isArray(texts) || texts.length !== ids.length)) {
    throw mismatch(
      'texts',
      `one text per id (${ids.length}), got ${Array.isArray(texts) ? texts.length : typeof texts}`,
    );
  }

  const total = ids.length;
  const rows = sampleRows(total, maxDocuments);
  const termIndex = new Map<number, number>();
  const embedded: number[] = [];
  const termOf = (column: number) => {
    let index = termIndex.get(column);
    if (index === undefined) {
      index = embedded.length;
      termIndex.set(column, index);
      embedded.push(column);
    }
    return index;
  };
  const share = (column: number) => (grand > 0 ? termTotals[column] / grand : 0);

  const out = models.map((model, m) => {
    const { H, W } = model ?? {};
    if (!DenseMatrix.is(H) || !DenseMatrix.is(W)) {
      throw mismatch(`models[${m}]`, 'H and W as DenseMatrix');
    }
    if (H.cols !== vocabulary.length) {
      throw mismatch(
        `models[${m}].H`,
        `components × ${vocabulary.length} (the vocabulary), got ${H.rows} × ${H.cols}`,
      );
    }
    if (W.rows !== total || W.cols !== H.rows) {
      throw mismatch(`models[${m}].W`, `${total} × ${H.rows} (ids × components), got ${W.rows} × ${W.cols}`);
    }
    const k = H.rows;
    const signed = H.data.some((v) => v < 0);
    const topTopic = new Int32Array(W.rows);
    argmaxRows(W.rows, k, W.data, topTopic);
    const sizes = new Array<number>(k).fill(0);
    for (const t of topTopic) sizes[t]++;
    const wSums = new Float64Array(k);
    for (let i = 0; i < W.rows; i++) for (let t = 0; t < k; t++) wSums[t] += W.data[i * k + t];

    // Each term's reconstruction summed over the documents, Σₛ (Σᵢ Wᵢₛ)·Hₛw: the topics' parts of it.
    const reconstructed = new Float64Array(H.cols);
    if (!signed) {
      for (let t = 0; t < k; t++) {
        for (let j = 0; j < H.cols; j++) reconstructed[j] += wSums[t] * H.data[t * H.cols + j];
      }
    }
    const inTopic = (t: number, j: number) =>
      reconstructed[j] > 0 ? (termTotals[j] * wSums[t] * H.data[t * H.cols + j]) / reconstructed[j] : 0;
    const distributions: Float64Array[] = [];
    const topics: ExplorerTopic[] = [];
    for (let t = 0; t < k; t++) {
      const row = H.data.subarray(t * H.cols, (t + 1) * H.cols);
      let sum = 0;
      for (const v of row) sum += v;
      const p = new Float64Array(row.length);
      if (!signed && sum > 0) for (let j = 0; j < row.length; j++) p[j] = row[j] / sum;
      distributions.push(p);
      const columns = signed ? heaviest(row, relevantTerms) : relevantColumns(p, share, relevantTerms);
      topics.push({
        size: sizes[t],
        x: 0,
        y: 0,
        terms: columns.map(
          (j) => [termOf(j), significant(signed ? row[j] : p[j]), significant(inTopic(t, j))] as const,
        ),
      });
    }
    if (!signed && k > 1) {
      const distances = new DenseMatrix(k, k);
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          const d = jensenShannonDistance(distributions[a], distributions[b]);
          distances.set(a, b, d);
          distances.set(b, a, d);
        }
      }
      const points = classicalMds(distances);
      for (let t = 0; t < k; t++) {
        topics[t] = { ...topics[t], x: significant(points[t][0]), y: significant(points[t][1]) };
      }
    }
    const mixtures = rows.map((i) => {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += Math.abs(W.data[i * k + t]);
      return Array.from({ length: k }, (_, t) =>
        sum > 0 ? Math.round((1000 * W.data[i * k + t]) / sum) : 0,
      );
    });
    return { label: model.label ?? `k=${k}`, components: k, signed, topics, mixtures };
  });

  return {
    terms: embedded.map((j) => vocabulary[j]),
    termShare: embedded.map((j) => significant(share(j))),
    termTotal: embedded.map((j) => significant(termTotals[j])),
    documents: {
      total,
      rows,
      ids: rows.map((i) => String(ids[i])),
      snippets: texts === undefined ? null : rows.map((i) => textSnippet(String(texts[i]), snippetLength)),
    },
    models: out,
  };
}

/**
 * The columns of a topic that rank in its top `n` by relevance at some λ of {@link LAMBDAS} (Sievert &
 * Shirley 2014: `λ·log p(w|t) + (1 − λ)·log(p(w|t) / p(w))`), heaviest p(w|t) first. Terms the topic does
 * not use (p(w|t) = 0) never rank.
 */
function relevantColumns(p: Float64Array, share: (column: number) => number, n: number): number[] {
  const used: number[] = [];
  for (let j = 0; j < p.length; j++) if (p[j] > 0 && share(j) > 0) used.push(j);
  const chosen = new Set<number>();
  for (const lambda of LAMBDAS) {
    const score = (j: number) => lambda * Math.log(p[j]) + (1 - lambda) * Math.log(p[j] / share(j));
    for (const j of topBy(used, score, n)) chosen.add(j);
  }
  return [...chosen].sort((a, b) => p[b] - p[a] || a - b);
}

/** The `n` columns of a signed row with the largest weights, heaviest first. */
function heaviest(row: Float64Array, n: number): number[] {
  return topBy(Array.from(row.keys()), (j) => row[j], n);
}

/** The `n` items with the highest score, best first, ties by the lower item. */
function topBy(items: readonly number[], score: (item: number) => number, n: number): number[] {
  return items
    .map((item) => ({ item, s: score(item) }))
    .sort((a, b) => b.s - a.s || a.item - b.item)
    .slice(0, n)
    .map((x) => x.item);
}

/** `count` rows of `total` evenly spaced (all of them when there are no more than `count`). */
function sampleRows(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, j) => Math.floor((j * total) / count));
}

/** Each column's sum over the rows. */
function columnSums(matrix: CsrMatrix): Float64Array {
  const out = new Float64Array(matrix.cols);
  const { indices, data } = matrix;
  for (let p = 0; p < matrix.nnz; p++) out[indices[p]] += data[p];
  return out;
}

/** Four significant digits: what a page can show and order by, in a quarter of the characters. */
function significant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

function mismatch(parameter: string, expected: string): RivuletError {
  return new RivuletError('invalid-input', STAGE, `${parameter} must be ${expected}`, { parameter });
}
