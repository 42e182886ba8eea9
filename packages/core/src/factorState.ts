import { DenseMatrix } from '@rivulet/linalg';
import type { PlainState, StateCapability } from './capabilities.js';
import type { ResultEvent } from './events.js';
import { describeValue, RivuletError } from './RivuletError.js';

/** A decomposer's fitted state: the components H (components × terms). */
export interface FactorState {
  readonly H: DenseMatrix;
}

/**
 * The state capability shared by decomposers whose model is H alone (NMF, SVD, online NMF): `capture`
 * keeps the result's H, `save` gives `{ H: { rows, cols, data } }`, `load` checks and rebuilds it.
 */
export const factorState: StateCapability<FactorState, ResultEvent, unknown> = {
  capture: (result) => ({ H: result.H }),
  save: ({ H }) => ({ H: { rows: H.rows, cols: H.cols, data: H.data } }),
  load(data: PlainState): FactorState {
    const H = (data as { H?: { rows?: unknown; cols?: unknown; data?: unknown } } | null)?.H;
    const ok =
      H !== null &&
      typeof H === 'object' &&
      Number.isInteger(H.rows) &&
      Number.isInteger(H.cols) &&
      (H.rows as number) >= 0 &&
      (H.cols as number) >= 0 &&
      H.data instanceof Float64Array &&
      H.data.length === (H.rows as number) * (H.cols as number);
    if (!ok) {
      throw new RivuletError(
        'model-format',
        'factorState',
        `state must hold H as { rows, cols, data: Float64Array of rows × cols }, got ${describeValue(H)}`,
        { parameter: 'H' },
      );
    }
    return { H: new DenseMatrix(H.rows as number, H.cols as number, H.data as Float64Array) };
  },
};
