import type { CsrMatrix } from '@rivulet/linalg';

/** A raw document. */
export interface TextDocument {
  readonly id: string;
  readonly text: string;
}

/** A document that arrives already tokenized (the seed notebook's input). */
export interface PretokenizedDocument {
  readonly id: string;
  readonly tokens: readonly string[];
}

/** What enters a pipeline: `{ id, text }` or pre-tokenized `{ id, tokens }`. */
export type Document = TextDocument | PretokenizedDocument;

/** What the tokenizer emits: one per input document, in order. */
export interface TokenizedDocument {
  readonly id: string;
  readonly tokens: readonly string[];
}

/** How the values of a document-term matrix were weighted; enough to weight new documents the same way. */
export interface WeightingState {
  readonly kind: 'binary' | 'count' | 'tfidf';
  /** Inverse document frequency per term (TF-IDF only), in vocabulary order. */
  readonly idf?: Float64Array;
  readonly smoothIdf?: boolean;
  readonly sublinearTf?: boolean;
  /** Row normalisation applied after weighting. */
  readonly norm: 'l1' | 'l2' | null;
}

/**
 * A document-term matrix: `matrix` is documents × terms, `vocabulary[j]` names column j and `ids[i]` row i.
 */
export interface DocTermMatrix {
  readonly matrix: CsrMatrix;
  readonly vocabulary: readonly string[];
  readonly ids: readonly string[];
  readonly weighting: WeightingState;
}

/** True for a `{ id, text }` document. */
export function isTextDocument(doc: Document): doc is TextDocument {
  return typeof (doc as TextDocument).text === 'string';
}
