import type { DenseMatrix } from '@rivulet/linalg';
import type { DocTermMatrix } from './documents.js';

/**
 * Emitted once per epoch (solver iteration) of a decomposer.
 * `loss` is scikit-learn's `reconstruction_err_`: ‖A − WH‖_F for the Frobenius loss, √(2·D_β(A‖WH))
 * for other beta losses. `relativeChange` is (previous loss − loss) / previous loss, the previous loss of
 * epoch 1 being the loss of the initial factors.
 */
export interface EpochEvent {
  readonly type: 'epoch';
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  readonly relativeChange: number;
  /** Wall-clock milliseconds since training started. */
  readonly elapsedMs: number;
}

/** A condition the user should know about that does not stop training (e.g. MU with zeros in its start). */
export interface WarningEvent {
  readonly type: 'warning';
  readonly code: string;
  readonly message: string;
}

/** One step of an online (mini-batch) decomposer: the loss on that batch. */
export interface BatchEvent {
  readonly type: 'batch';
  /** 1-based count of batches seen. */
  readonly step: number;
  readonly batchSize: number;
  readonly loss: number;
  readonly elapsedMs: number;
}

/** The components so far of an online decomposer, emitted periodically. */
export interface SnapshotEvent {
  readonly type: 'snapshot';
  readonly step: number;
  /** components × terms. */
  readonly H: DenseMatrix;
}

/**
 * The last event of a training stream. `W` is documents × components, `H` components × terms.
 * Hitting the epoch limit is `converged: false`, not an error; `stopped` says a graceful stop ended it.
 */
export interface ResultEvent {
  readonly type: 'result';
  readonly W: DenseMatrix;
  readonly H: DenseMatrix;
  readonly loss: number;
  readonly epochs: number;
  readonly converged: boolean;
  readonly stopped: boolean;
}

/** Everything a decomposer emits. */
export type TrainingEvent = EpochEvent | WarningEvent | BatchEvent | SnapshotEvent | ResultEvent;

/** The matrix a pipeline built, emitted before training starts so callers can map topics to terms. */
export interface MatrixEvent {
  readonly type: 'matrix';
  readonly matrix: DocTermMatrix;
}

/**
 * What a stage placed after training emitted for a `result` (e.g. the similarity index of W); `stage` is
 * that stage's name.
 */
export interface OutputEvent<T = unknown> {
  readonly type: 'output';
  readonly stage: string;
  readonly value: T;
}

/** Everything a pipeline emits: the `matrix`, the decomposer's training events, outputs after training. */
export type PipelineEvent = MatrixEvent | TrainingEvent | OutputEvent;

/**
 * Type guard of one event type, for `filter(isEvent('epoch'))`; it narrows every pipeline event,
 * `matrix` and `output` included.
 *
 * @example
 * ```ts
 * import { isEvent } from '@rivulet/core';
 * pipeline.run(docs$).pipe(filter(isEvent('matrix'))).subscribe(({ matrix }) => console.log(matrix.vocabulary.length));
 * ```
 */
export function isEvent<T extends PipelineEvent['type']>(type: T) {
  return (event: PipelineEvent): event is Extract<PipelineEvent, { type: T }> => event.type === type;
}
