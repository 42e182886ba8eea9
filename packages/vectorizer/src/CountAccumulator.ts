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
  /**
   * The entries of the latest rows (column, raw count), which the counting loop writes: plain arrays,
   * moved to {@link store} once a row ends with them at least half full, so they are reused rather than
   * regrown. Raw counts are integers, so 32 bits suffice (a count is at most a line's length, under 2³¹).
   */
  private block = new Int32Array(BLOCK);
  private blockCounts = new Int32Array(BLOCK);
  private fill = 0;
  /** The entries of every earlier row: see {@link EntryStore}. */
  private readonly store = new EntryStore();
  /**
   * Per term, the last row that touched it and where that row stores it, side by side (one place in memory
   * per token, not two): `seen[2 * id]` is the row, `seen[2 * id + 1]` the entry.
   */
  private seen = new Int32Array(2048).fill(-1);

  get documents(): number {
    return this.ids.length;
  }

  /** Entries counted so far. */
  get nnz(): number {
    return this.store.length + this.fill;
  }

  /**
   * The entries of every ended row, in order, as runs of whole rows copied into plain arrays: each
   * `next()` loads rows `[first, end)`, whose entry `p` (by `indptr`) is at `p − offset` in `indices` (its
   * column) and `counts` (its raw count), and returns false after the last row. Scans read the stored
   * entries this way because typed arrays over resizable buffers are slow to index in Node 20; a copy in
   * blocks costs a memcpy.
   */
  rowRuns(): RowRuns {
    this.flush();
    return new RowRuns(this.indptr, this.ids.length, this.store, this.block.length);
  }

  /**
   * Frees the entries now: the fit is finished and its matrix holds copies. With resizable buffers the
   * memory is returned at once rather than whenever a major collection comes (see {@link EntryStore}).
   */
  release(): void {
    this.store.release();
    this.block = new Int32Array(0);
    this.blockCounts = new Int32Array(0);
    this.fill = 0;
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
      this.blockCounts[seen[2 * id + 1]]++;
      return;
    }
    // A row's entries stay in the block until it ends (`seen` points into the block), so a row with more
    // distinct terms than the block holds grows it.
    const fill = this.fill;
    if (fill === this.block.length) {
      this.block = grow(this.block, fill + 1);
      this.blockCounts = grow(this.blockCounts, fill + 1);
    }
    seen[2 * id] = row;
    seen[2 * id + 1] = fill;
    this.block[fill] = id;
    this.blockCounts[fill] = 1;
    this.fill = fill + 1;
  }

  /**
   * Documents containing each term (index: column), counted from the entries when asked — once, by the
   * fit's end — rather than per token, which was one more scattered write per new entry.
   */
  documentFrequencies(): Int32Array {
    const df = new Int32Array(this.table.size);
    const runs = this.rowRuns();
    const { indices } = runs;
    while (runs.next()) {
      const to = this.indptr[runs.end] - runs.offset;
      for (let p = this.indptr[runs.first] - runs.offset; p < to; p++) df[indices[p]]++;
    }
    return df;
  }

  /** Ends the row being filled as the document `id`'s. */
  private endRow(id: string): void {
    const row = this.ids.length;
    if (row + 2 > this.indptr.length) this.indptr = grow(this.indptr, row + 2);
    this.ids.push(id);
    this.indptr[row + 1] = this.nnz;
    if (2 * this.fill >= this.block.length) this.flush();
  }

  /** Moves the block's entries (of ended rows only) to the store. */
  private flush(): void {
    if (this.fill === 0) return;
    this.store.append(this.block, this.blockCounts, this.fill);
    this.fill = 0;
  }

  private growTerms(needed: number): void {
    const old = this.seen.length;
    this.seen = grow(this.seen, 2 * needed);
    this.seen.fill(-1, old);
  }
}

/** Entries per block: 512 KiB of the two arrays, reused for the whole fit. */
const BLOCK = 65536;
/** The most a resizable entry buffer may grow to in place (V8's limit is 4 GiB). */
const MAX_BYTES = 2 ** 32;

/**
 * A count accumulator's entries of ended rows (columns and raw counts), in two buffers that grow by
 * doubling. Where resizable `ArrayBuffer`s exist (Node ≥ 20) they grow in place — a regrown copy would
 * leave the previous buffers to the collector, 16 MB of them on the gcide corpus — and `release()` shrinks
 * them to nothing, so their memory is back before the next phase (training) starts, however late a
 * major collection comes. The counting loop never touches these buffers (it writes the block), since
 * typed arrays over resizable buffers are measurably slower to index in Node 20.
 * @internal
 */
class EntryStore {
  indices = EntryStore.make(8192);
  counts = EntryStore.make(8192);
  length = 0;

  /** Appends the first `n` entries of `indices`/`counts`. */
  append(indices: Int32Array, counts: Int32Array, n: number): void {
    const needed = this.length + n;
    if (needed > this.indices.length) {
      let size = this.indices.length * 2;
      while (size < needed) size *= 2;
      this.indices = EntryStore.resize(this.indices, size);
      this.counts = EntryStore.resize(this.counts, size);
    }
    this.indices.set(indices.subarray(0, n), this.length);
    this.counts.set(counts.subarray(0, n), this.length);
    this.length = needed;
  }

  release(): void {
    for (const a of [this.indices, this.counts]) {
      const buffer = a.buffer as Resizable;
      if (buffer.resizable === true) buffer.resize(0);
    }
    this.indices = new Int32Array(0);
    this.counts = new Int32Array(0);
    this.length = 0;
  }

  private static make(n: number): Int32Array {
    try {
      return new Int32Array(new (ArrayBuffer as ResizableConstructor)(n * 4, { maxByteLength: MAX_BYTES }));
    } catch {
      return new Int32Array(n);
    }
  }

  /** `a` with room for `n` entries: the same buffer, resized, when it can be; else a copy. */
  private static resize(a: Int32Array, n: number): Int32Array {
    const buffer = a.buffer as Resizable;
    if (buffer.resizable === true && n * 4 <= buffer.maxByteLength) {
      buffer.resize(n * 4);
      return new Int32Array(buffer, 0, n);
    }
    return grow(a, n);
  }
}

/** The ES2024 resizable `ArrayBuffer`, which this project's TypeScript library (ES2023) does not declare. */
interface Resizable extends ArrayBuffer {
  readonly resizable?: boolean;
  readonly maxByteLength: number;
  resize(bytes: number): void;
}
type ResizableConstructor = new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;

/** See {@link CountAccumulator.rowRuns}. */
export class RowRuns {
  first = 0;
  end = 0;
  offset = 0;
  readonly indices: Int32Array;
  readonly counts: Int32Array;

  constructor(
    private readonly indptr: Int32Array,
    private readonly rows: number,
    private readonly store: EntryStore,
    size: number,
  ) {
    // As long as the widest row: the counting block grew for any wider one.
    this.indices = new Int32Array(size);
    this.counts = new Int32Array(size);
  }

  next(): boolean {
    const { indptr, rows, store, indices } = this;
    const first = this.end;
    if (first >= rows) return false;
    const offset = indptr[first];
    let end = first + 1;
    while (end < rows && indptr[end + 1] - offset <= indices.length) end++;
    const n = indptr[end] - offset;
    indices.set(store.indices.subarray(offset, offset + n));
    this.counts.set(store.counts.subarray(offset, offset + n));
    this.first = first;
    this.end = end;
    this.offset = offset;
    return true;
  }
}
