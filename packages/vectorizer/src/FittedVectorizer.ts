import {
  type DocTermMatrix,
  describeValue,
  grow,
  RivuletError,
  type TokenizedDocument,
  type WeightingState,
} from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import { applyWeighting } from './applyWeighting.js';
import { badToken, checkDocument } from './checkDocument.js';
import { sortRow } from './sortRow.js';
import { type ResolvedVectorizerOptions, resolveOptions, STAGE } from './VectorizerOptions.js';

/** The JSON form of a {@link FittedVectorizer}: plain arrays, so `JSON.stringify` round-trips it exactly. */
export interface FittedVectorizerJSON {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly vocabulary: readonly string[];
  readonly weighting: {
    readonly kind: WeightingState['kind'];
    readonly norm: WeightingState['norm'];
    readonly idf?: readonly number[];
    readonly smoothIdf?: boolean;
    readonly sublinearTf?: boolean;
  };
  readonly options: ResolvedVectorizerOptions;
}

const FORMAT = 'rivulet-vectorizer';
const VERSION = 1;

/**
 * A vectorizer after fitting: its vocabulary (sorted by code point, as scikit-learn's `vocabulary_`) and
 * its weighting state (the idf of each term for TF-IDF). It transforms new documents with that vocabulary,
 * ignoring terms it has not seen, as scikit-learn's `transform` does.
 *
 * @example
 * ```ts
 * import { fitVectorizer, FittedVectorizer } from '@rivulet/vectorizer';
 * const fitted = fitVectorizer([{ id: 'a', tokens: ['red', 'fox'] }, { id: 'b', tokens: ['red', 'hen'] }]);
 * fitted.transform([{ id: 'c', tokens: ['fox', 'owl'] }]).matrix.nnz; // 1: 'owl' is unknown
 * const again = FittedVectorizer.fromJSON(JSON.parse(JSON.stringify(fitted)));
 * ```
 */
export class FittedVectorizer {
  /** Column j of every matrix this vectorizer builds is `vocabulary[j]`. */
  readonly vocabulary: readonly string[];
  readonly weighting: WeightingState;
  /** The options it was fitted with, defaults filled in. */
  readonly options: ResolvedVectorizerOptions;
  private columnIndex: Map<string, number> | undefined;
  /** A dense count row, all zeros between transforms, kept so that per-document transforms allocate little. */
  private scratch: Float64Array | undefined;

  /**
   * Wraps a fitted state; {@link fitVectorizer} and {@link vectorize} build one, {@link FittedVectorizer.fromJSON}
   * restores one. `vocabulary` must hold distinct terms and `weighting.idf`, for TF-IDF, one value per term.
   */
  constructor(vocabulary: readonly string[], weighting: WeightingState, options: ResolvedVectorizerOptions) {
    this.vocabulary = vocabulary;
    this.weighting = weighting;
    this.options = options;
  }

  /** Term → column, built on the first transform: fitting alone never needs it. */
  private get columns(): Map<string, number> {
    if (this.columnIndex === undefined) {
      const index = new Map<string, number>();
      for (let j = 0; j < this.vocabulary.length; j++) index.set(this.vocabulary[j], j);
      this.columnIndex = index;
    }
    return this.columnIndex;
  }

  /**
   * The weighted document-term matrix of `docs` (documents × vocabulary.length), rows in input order.
   * Terms outside the vocabulary are ignored; a document with none of its terms is an empty row.
   * @throws RivuletError `invalid-input` for a malformed document.
   */
  transform(docs: Iterable<TokenizedDocument>): DocTermMatrix {
    const { columns } = this;
    const terms = this.vocabulary.length;
    // Taken, not shared, while in use: a throw leaves it dirty and unreturned, and a nested transform (from
    // a generator over `docs`) gets its own.
    const counts = this.scratch ?? new Float64Array(terms);
    this.scratch = undefined;
    const ids: string[] = [];
    let indptr = new Int32Array(64);
    let indices = new Int32Array(1024);
    let data = new Float64Array(1024);
    let nnz = 0;
    for (const doc of docs) {
      const row = ids.length;
      const tokens = checkDocument(doc, row);
      if (row + 2 > indptr.length) indptr = grow(indptr, row + 2);
      if (nnz + tokens.length > indices.length) {
        indices = grow(indices, nnz + tokens.length);
        data = grow(data, nnz + tokens.length);
      }
      const start = nnz;
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t];
        const j = columns.get(token);
        if (j === undefined) {
          if (typeof token !== 'string') badToken(doc, token);
          continue;
        }
        if (counts[j] === 0) indices[nnz++] = j;
        counts[j]++;
      }
      sortRow(indices, start, nnz);
      for (let p = start; p < nnz; p++) {
        data[p] = counts[indices[p]];
        counts[indices[p]] = 0;
      }
      ids.push(doc.id);
      indptr[row + 1] = nnz;
    }
    this.scratch = counts;
    const rows = ids.length;
    const matrix = new CsrMatrix(
      rows,
      terms,
      indptr.slice(0, rows + 1),
      indices.slice(0, nnz),
      data.slice(0, nnz),
    );
    applyWeighting(rows, matrix.indptr, matrix.indices, matrix.data, this.weighting);
    return { matrix, vocabulary: this.vocabulary, ids, weighting: this.weighting };
  }

  /** A JSON-safe copy (typed arrays become arrays); `JSON.stringify(fitted)` calls it. */
  toJSON(): FittedVectorizerJSON {
    const { kind, norm, idf, smoothIdf, sublinearTf } = this.weighting;
    return {
      format: FORMAT,
      version: VERSION,
      vocabulary: [...this.vocabulary],
      weighting:
        kind === 'tfidf' ? { kind, norm, idf: Array.from(idf!), smoothIdf, sublinearTf } : { kind, norm },
      options: this.options,
    };
  }

  /**
   * Restores a vectorizer from {@link FittedVectorizer.toJSON}'s output (parsed).
   * @throws RivuletError `model-format` naming what is missing or malformed.
   */
  static fromJSON(json: unknown): FittedVectorizer {
    const o = json as Partial<FittedVectorizerJSON> | null;
    if (o === null || typeof o !== 'object' || o.format !== FORMAT) {
      modelFormat(
        `expected an object with format ${JSON.stringify(FORMAT)}, got ${describeValue(o?.format ?? o)}`,
      );
    }
    if (o.version !== VERSION) modelFormat(`expected version ${VERSION}, got ${describeValue(o.version)}`);
    const { vocabulary, weighting } = o;
    if (!Array.isArray(vocabulary) || vocabulary.some((t) => typeof t !== 'string')) {
      modelFormat(`vocabulary must be an array of strings, got ${describeValue(vocabulary)}`);
    }
    if (weighting === null || typeof weighting !== 'object') {
      modelFormat(`weighting must be an object, got ${describeValue(weighting)}`);
    }
    const { kind, norm } = weighting;
    if (kind !== 'binary' && kind !== 'count' && kind !== 'tfidf') {
      modelFormat(`weighting.kind must be "binary", "count" or "tfidf", got ${describeValue(kind)}`);
    }
    if (norm !== 'l1' && norm !== 'l2' && norm !== null) {
      modelFormat(`weighting.norm must be "l1", "l2" or null, got ${describeValue(norm)}`);
    }
    if ((o.options as { weighting?: unknown } | undefined)?.weighting !== kind) {
      modelFormat(`options.weighting must equal weighting.kind ${describeValue(kind)}`);
    }
    let options: ResolvedVectorizerOptions;
    try {
      const saved = o.options as ResolvedVectorizerOptions;
      options = resolveOptions({
        ...saved,
        maxFeatures: saved.maxFeatures,
        smoothIdf: kind === 'tfidf' ? saved.smoothIdf : undefined,
        sublinearTf: kind === 'tfidf' ? saved.sublinearTf : undefined,
      });
    } catch (cause) {
      modelFormat(`options are not valid vectorizer options: ${(cause as Error).message}`, cause);
    }
    let state: WeightingState = { kind, norm };
    if (kind === 'tfidf') {
      const { idf, smoothIdf, sublinearTf } = weighting;
      if (
        !Array.isArray(idf) ||
        idf.length !== vocabulary.length ||
        idf.some((v) => typeof v !== 'number' || !Number.isFinite(v))
      ) {
        modelFormat(`weighting.idf must hold ${vocabulary.length} finite numbers, got ${describeValue(idf)}`);
      }
      if (typeof smoothIdf !== 'boolean' || typeof sublinearTf !== 'boolean') {
        modelFormat('weighting.smoothIdf and weighting.sublinearTf must be booleans');
      }
      state = { kind, norm, idf: Float64Array.from(idf), smoothIdf, sublinearTf };
    }
    if (new Set(vocabulary).size !== vocabulary.length) modelFormat('vocabulary contains a term twice');
    return new FittedVectorizer(vocabulary, state, options);
  }
}

function modelFormat(message: string, cause?: unknown): never {
  throw new RivuletError('model-format', STAGE, `cannot restore a fitted vectorizer: ${message}`, { cause });
}
