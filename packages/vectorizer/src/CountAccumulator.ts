import type { TokenizedDocument } from '@rivulet/core';
import { badToken, checkDocument } from './checkDocument.js';
import { grow } from './grow.js';

/**
 * The fitting pass of a vectorizer: counts each document's tokens into a growing CSR matrix of raw counts
 * whose columns are terms in order of first appearance, and each term's document frequency, one document
 * at a time so that a stream is never held as documents. {@link fitCounts} then prunes, sorts the
 * vocabulary and weights the counts.
 *
 * Per document, a term's first occurrence appends an entry and later ones increment it through `slot`,
 * so counting is a single pass with one `Map` look-up per token and no per-document sort.
 */
export class CountAccumulator {
  /** Term → column, in order of first appearance. */
  readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  readonly ids: string[] = [];
  /** Documents containing each term (index: column). */
  df = new Int32Array(1024);
  /** Rows + 1 row pointers. */
  indptr = new Int32Array(1024);
  indices = new Int32Array(8192);
  /**
   * Raw counts: integers, so 32 bits suffice (a count is at most a line's length, under 2³¹) and the
   * buffer is half the size of the matrix's float64 values, made once when the fit finishes.
   */
  counts = new Int32Array(8192);
  nnz = 0;
  /** The last row that touched each term, and where that row stores it. */
  private lastRow = new Int32Array(1024).fill(-1);
  private slot = new Int32Array(1024);

  get documents(): number {
    return this.ids.length;
  }

  /** Counts one document into the next row. */
  add(doc: TokenizedDocument): void {
    const row = this.ids.length;
    const tokens = checkDocument(doc, row);
    if (row + 2 > this.indptr.length) this.indptr = grow(this.indptr, row + 2);
    if (this.nnz + tokens.length > this.indices.length) this.growEntries(this.nnz + tokens.length);
    const { termIds, indices, counts } = this;
    let { df, lastRow, slot, nnz } = this;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      let id = termIds.get(token);
      if (id === undefined) {
        if (typeof token !== 'string') badToken(doc, token);
        id = this.terms.length;
        termIds.set(token, id);
        this.terms.push(token);
        if (id >= df.length) {
          this.growTerms(id + 1);
          ({ df, lastRow, slot } = this);
        }
      }
      if (lastRow[id] === row) {
        counts[slot[id]]++;
      } else {
        lastRow[id] = row;
        slot[id] = nnz;
        indices[nnz] = id;
        counts[nnz] = 1;
        nnz++;
        df[id]++;
      }
    }
    this.nnz = nnz;
    this.ids.push(doc.id);
    this.indptr[row + 1] = nnz;
  }

  private growEntries(needed: number): void {
    this.indices = grow(this.indices, needed);
    this.counts = grow(this.counts, needed);
  }

  private growTerms(needed: number): void {
    const old = this.df.length;
    this.df = grow(this.df, needed);
    this.slot = grow(this.slot, needed);
    this.lastRow = grow(this.lastRow, needed);
    this.lastRow.fill(-1, old);
  }
}
