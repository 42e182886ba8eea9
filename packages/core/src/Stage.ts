import type { DenseMatrix } from '@rivulet/linalg';
import type { Observable, OperatorFunction } from 'rxjs';
import type { DocTermMatrix, Document, TokenizedDocument } from './documents.js';
import type { ResultEvent, TrainingEvent } from './events.js';
import type { DataKind } from './roles.js';
import type { RunControls } from './stop.js';

/**
 * A pipeline stage resolved from a container: one method from an input stream to an output stream, chained
 * lazily (as NestJS interceptors are). Every stage also exists as a plain operator function, which this
 * class only calls with its options.
 *
 * `apply` is declared as a function property, not a method, so that TypeScript checks its input type
 * strictly (contravariantly): a `Stage<TokenizedDocument, …>` is not accepted where documents flow.
 */
export interface Stage<I, O> {
  /** The registered name, e.g. `nmf-mu`. */
  readonly name: string;
  /** What the stage takes, for run-time checks when types are erased (see `DataKind`); optional. */
  readonly input?: DataKind;
  /** What the stage emits, for the same checks; optional. */
  readonly output?: DataKind;
  /** The stage on a stream; `controls` carries a run's `stop` and `signal` (stages may ignore them). */
  apply: (source: Observable<I>, controls?: RunControls) => Observable<O>;
}

export type TokenizerStage = Stage<Document, TokenizedDocument>;
export type VectorizerStage = Stage<TokenizedDocument, DocTermMatrix>;
export type DecomposerStage = Stage<DocTermMatrix, TrainingEvent>;

/** A neighbour found by a similarity search. */
export interface Neighbour {
  /** Row index in the indexed matrix. */
  readonly index: number;
  /** The document id of that row, when ids are known. */
  readonly id: string | undefined;
  /** Cosine similarity in [−1, 1]. */
  readonly score: number;
}

/** Cosine similarity over the rows of a matrix (typically W: documents × components). */
export interface SimilarityIndex {
  readonly size: number;
  cosine(i: number, j: number): number;
  /** The `k` most similar rows to row `i` (itself excluded), best first. */
  topK(i: number, k: number): Neighbour[];
  /**
   * The `k` rows most similar to `vector`, which need not be in the index, best first (with
   * `threshold`, only cosines ≥ it). An all-zero vector is an `invalid-input` error: it has no direction.
   */
  query(vector: ArrayLike<number>, k: number, options?: { readonly threshold?: number }): Neighbour[];
  /** `query` for every row of `vectors` (queries × dimension), in order. */
  queryMany(vectors: DenseMatrix, k: number, options?: { readonly threshold?: number }): Neighbour[][];
  /** The `size × size` matrix of cosines. */
  pairwise(): DenseMatrix;
}

export type SimilarityStage = Stage<ResultEvent | DenseMatrix, SimilarityIndex>;

/** The stage as an RxJS operator, for `source.pipe(asOperator(stage))`. */
export function asOperator<I, O>(stage: Stage<I, O>): OperatorFunction<I, O> {
  return (source) => stage.apply(source);
}
