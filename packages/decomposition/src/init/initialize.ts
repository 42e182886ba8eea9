import type { WarningEvent } from '@rivulet/core';
import type { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import type { NmfSettings } from '../NmfSettings.js';
import { checkCustomInit } from './checkCustomInit.js';
import { nndsvdInit } from './nndsvd.js';
import { randomInit } from './randomInit.js';

/** A start for the solvers, and what the user should hear about it. */
export interface NmfStart {
  readonly W: DenseMatrix;
  readonly H: DenseMatrix;
  readonly warnings: readonly WarningEvent[];
}

/**
 * The starting factors for `settings.init`, as scikit-learn 1.2's `_check_w_h` / `_initialize_nmf`:
 * by default `'nndsvda'` when components ≤ min(rows, cols), else `'random'`; a custom `{W, H}` is checked
 * and copied (the caller's matrices are never written); `'random'` is {@link randomInit}; the NNDSVD
 * family is {@link nndsvdInit} and requires components ≤ min(rows, cols).
 *
 * `components` may exceed min(rows, cols) with a random or custom start (an over-complete model, which
 * scikit-learn allows too); when that happens with the default start, a `warning` event (code
 * `components-above-rank`) says so, instead of switching to a random start silently.
 *
 * MU multiplies, so zeros in its start never move: `'nndsvd'` with `'mu'` yields a `warning` event
 * (code `mu-zero-init`), as scikit-learn warns (its issue #18505).
 */
export function initialize(A: CsrMatrix, settings: NmfSettings, stage: string): NmfStart {
  const { components: k, init, seed } = settings;
  const warnings: WarningEvent[] = [];
  if (init !== undefined && typeof init === 'object') {
    checkCustomInit(stage, 'init.W', init.W, A.rows, k, 'rows × components');
    checkCustomInit(stage, 'init.H', init.H, k, A.cols, 'components × cols');
    return { W: init.W.clone(), H: init.H.clone(), warnings };
  }
  const limit = Math.min(A.rows, A.cols);
  const method = init ?? (k <= limit ? 'nndsvda' : 'random');
  if (init === undefined && k > limit) {
    warnings.push({
      type: 'warning',
      code: 'components-above-rank',
      message: `components = ${k} is above min(rows, cols) = min(${A.rows}, ${A.cols}) = ${limit}, so the default start is "random" instead of "nndsvda" and at most ${limit} topics can be independent; ask for at most ${limit} components, or pass init: "random" to choose this start yourself`,
    });
  }
  if (method === 'random') return { ...randomInit(A, k, seed), warnings };
  if (method === 'nndsvd' && settings.solver === 'mu') {
    warnings.push({
      type: 'warning',
      code: 'mu-zero-init',
      message:
        'init "nndsvd" leaves zeros in W and H that multiplicative updates can never move, which gives poorer topics; use "nndsvda" or "nndsvdar" with solver "mu"',
    });
  }
  return { ...nndsvdInit(A, k, method, seed, stage), warnings };
}
