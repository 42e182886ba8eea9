import {
  type Document,
  grow,
  type SpanTokenizer,
  TermTable,
  type TokenizedDocument,
  type TokenSink,
} from '@rivulet/core';
import { badToken, checkDocument } from './checkDocument.js';

/**
 * The fitting pass of a vectorizer: counts each document's tokens into a growing CSR matrix of raw counts
 * whose columns are terms in order of first appearance, and each term's document frequency, one document
 * at a time so that a stream is never held as documents. {@link fitCounts} then prunes, sorts the
 * vocabulary and weights the counts.
 *
 * It is a `TokenSink`: a token is numbered by core's `TermTable` straight from the span of text it was
 * found in, so a span tokenizer (see {@link CountAccumulator.addSpans}) makes no string per token. Per
 * document, a term's first occurrence appends an entry and later ones increment it through `slot`, so
 * counting is a single pass with one table look-up per token and no per-document sort.
 */
export class CountAccumulator implements TokenSink {
  /** Term ↔ column, in order of first appearance. */
  readonly table = new TermTable();
  readonly ids: string[] = [];
  /** Rows + 1 row pointers. */
  indptr = new Int32Array(1024);
  indices = new Int32Array(8192);
  /**
   * Raw counts: integers, so 32 bits suffice (a count is at most a line's length, under 2³¹) and the
   * buffer is half the size of the matrix's float64 values, made once when the fit finishes.
   */
  counts = new Int32Array(8192);
  nnz = 0;
  /**
   * Per term, the last row that touched it and where that row stores it, side by side (one place in memory
   * per token, not two): `seen[2 * id]` is the row, `seen[2 * id + 1]` the entry.
   */
  private seen = new Int32Array(2048).fill(-1);

  get documents(): number {
    return this.ids.length;
  }

  /** The terms by column, in order of first appearance. */
  get terms(): readonly string[] {
    return this.table.terms;
  }

  /** Counts one document into the next row. */
  add(doc: TokenizedDocument): void {
    const tokens = checkDocument(doc, this.ids.length);
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      if (typeof token !== 'string') badToken(doc, token);
      this.token(token, 0, token.length);
    }
    this.endRow(doc.id);
  }

  /** Counts the tokens `tokenizer` hands over for one document into the next row. */
  addSpans(doc: Document, tokenizer: SpanTokenizer): void {
    this.endRow(tokenizer(doc, this.ids.length, this));
  }

  /** Counts the token `text[start, end)` into the row being filled (`hash`: see `TokenSink`). */
  token(text: string, start: number, end: number, hash?: number): void {
    const id = this.table.add(text, start, end, hash);
    if (2 * id >= this.seen.length) this.growTerms(id + 1);
    const row = this.ids.length;
    const { seen } = this;
    if (seen[2 * id] === row) {
      this.counts[seen[2 * id + 1]]++;
      return;
    }
    const nnz = this.nnz;
    if (nnz === this.indices.length) {
      this.indices = grow(this.indices, nnz + 1);
      this.counts = grow(this.counts, nnz + 1);
    }
    seen[2 * id] = row;
    seen[2 * id + 1] = nnz;
    this.indices[nnz] = id;
    this.counts[nnz] = 1;
    this.nnz = nnz + 1;
  }

  /**
   * Documents containing each term (index: column), counted from the entries when asked — once, by the
   * fit's end — rather than per token, which was one more scattered write per new entry.
   */
  documentFrequencies(): Int32Array {
    const df = new Int32Array(this.table.size);
    const { indices, nnz } = this;
    for (let p = 0; p < nnz; p++) df[indices[p]]++;
    return df;
  }

  /** Ends the row being filled as the document `id`'s. */
  private endRow(id: string): void {
    const row = this.ids.length;
    if (row + 2 > this.indptr.length) this.indptr = grow(this.indptr, row + 2);
    this.ids.push(id);
    this.indptr[row + 1] = this.nnz;
  }

  private growTerms(needed: number): void {
    const old = this.seen.length;
    this.seen = grow(this.seen, 2 * needed);
    this.seen.fill(-1, old);
  }
}
