import type { TrainingEvent, WeightingState, WorkerRef } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';

/** A dense matrix as plain data, for `postMessage`. */
export interface DenseData {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** The training data as plain data: CSR arrays or a dense matrix. */
export type MatrixData =
  | {
      readonly kind: 'csr';
      readonly rows: number;
      readonly cols: number;
      readonly indptr: Int32Array;
      readonly indices: Int32Array;
      readonly data: Float64Array;
    }
  | ({ readonly kind: 'dense' } & DenseData);

/** A document-term matrix's parts besides the values. */
export interface DocumentsData {
  readonly vocabulary: readonly string[];
  readonly ids: readonly string[];
  readonly weighting: WeightingState;
}

/**
 * Main thread → worker: what to import (the address a plugin's `worker` capability gives), the matrix, and
 * for a document-term matrix its other parts, which the stage receives too.
 */
export type ToWorker =
  | {
      readonly type: 'start';
      readonly ref: WorkerRef;
      readonly documents?: DocumentsData;
      /**
       * Set to 1 by the host when its stop fires (shared memory, so the worker sees it at its next event
       * even when its loop does not yield to receive the `stop` message); absent when the call has no stop.
       */
      readonly stopFlag?: Int32Array;
      readonly matrix: MatrixData;
      readonly options: Record<string, unknown>;
    }
  | { readonly type: 'stop' };

/** A RivuletError (or any error) as plain data. */
export interface ErrorData {
  readonly message: string;
  readonly name: string;
  readonly kind?: string;
  readonly stage?: string;
  readonly parameter?: string;
}

/** Worker → main thread. Factors inside events travel as {@link DenseData}. */
export type FromWorker =
  | { readonly type: 'event'; readonly event: TrainingEvent }
  | { readonly type: 'error'; readonly error: ErrorData }
  | { readonly type: 'complete' };

/** The matrix as plain data (a structured clone keeps the typed arrays but not the class). */
export function denseData(m: DenseMatrix): DenseData {
  return { rows: m.rows, cols: m.cols, data: m.data };
}

/** Rebuilds the factors of an event that crossed threads. */
export function reviveEvent(event: TrainingEvent): TrainingEvent {
  const revive = (d: DenseData) => new DenseMatrix(d.rows, d.cols, d.data);
  if (event.type === 'result') return { ...event, W: revive(event.W), H: revive(event.H) };
  if (event.type === 'snapshot') return { ...event, H: revive(event.H) };
  return event;
}

/** The buffers of an event's factors, to transfer rather than copy (each is copied first if shared). */
export function detachFactors(event: TrainingEvent): { event: TrainingEvent; transfer: ArrayBuffer[] } {
  const own = (m: DenseMatrix): DenseData => {
    const data =
      m.data.byteOffset === 0 && m.data.byteLength === m.data.buffer.byteLength ? m.data : m.data.slice();
    return { rows: m.rows, cols: m.cols, data };
  };
  if (event.type === 'result') {
    const W = own(event.W);
    const H = own(event.H);
    return {
      event: { ...event, W: W as DenseMatrix, H: H as DenseMatrix },
      transfer: [W.data.buffer as ArrayBuffer, H.data.buffer as ArrayBuffer],
    };
  }
  if (event.type === 'snapshot') {
    const H = own(event.H);
    return { event: { ...event, H: H as DenseMatrix }, transfer: [H.data.buffer as ArrayBuffer] };
  }
  return { event, transfer: [] };
}
