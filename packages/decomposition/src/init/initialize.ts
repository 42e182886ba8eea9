import type { WarningEvent } from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import type { NmfSettings } from '../NmfSettings.js';
import { checkCustomInit } from './checkCustomInit.js';
import { randomInit } from './randomInit.js';

/** A start for the solvers, and what the user should hear about it. */
export interface NmfStart {
  readonly W: DenseMatrix;
  readonly H: DenseMatrix;
  readonly warnings: readonly WarningEvent[];
}

/**
 * The starting factors for `settings.init`, as scikit-learn 1.2's `_check_w_h` / `_initialize_nmf`:
 * a custom `{W, H}` is checked and copied (the caller's matrices are never written); `'random'` is
 * {@link randomInit}.
 *
 * `components` may exceed min(rows, cols) with a random or custom start (an over-complete model, which
 * scikit-learn allows too).
 */
export function initialize(A: CsrMatrix, settings: NmfSettings, stage: string): NmfStart {
  const { components: k, init } = settings;
  const warnings: WarningEvent[] = [];
  if (init !== undefined && typeof init === 'object') {
    checkCustomInit(stage, 'init.W', init.W, A.rows, k, 'rows × components');
    checkCustomInit(stage, 'init.H', init.H, k, A.cols, 'components × cols');
    return { W: init.W.clone(), H: init.H.clone(), warnings };
  }
  return { ...randomInit(A, k, settings.seed), warnings };
}
