import { describeValue, RivuletError } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';

/**
 * Checks one factor of a custom start, as scikit-learn's `_check_init`: the expected shape, finite
 * non-negative values, not all zero (MU could never move it).
 * @param name `init.W`, `init.H` or `H`, for the message
 * @param scan once the shape is right, a faster pass over the values elsewhere (the fused online engine
 *   copies the factor in and scans it there): returns the largest value when all are finite and ≥ 0, else
 *   −1; the pass here then runs only when that is not positive, to name what is wrong
 * @throws RivuletError `invalid-option` naming the factor, and the entry at fault
 */
export function checkCustomInit(
  stage: string,
  name: string,
  factor: DenseMatrix,
  rows: number,
  cols: number,
  shapeLabel: string,
  scan?: () => number,
): void {
  if (factor.rows !== rows || factor.cols !== cols) {
    throw new RivuletError(
      'invalid-option',
      stage,
      `${name} must be ${shapeLabel} = ${rows} × ${cols}, got ${factor.rows} × ${factor.cols}`,
      { parameter: name },
    );
  }
  if (scan !== undefined && scan() > 0) return;
  const { data } = factor;
  let positive = false;
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new RivuletError(
        'invalid-option',
        stage,
        `${name} must hold finite non-negative values, got ${describeValue(v)} at row ${Math.floor(p / cols)}, column ${p % cols}`,
        { parameter: name },
      );
    }
    if (v > 0) positive = true;
  }
  if (!positive) {
    throw new RivuletError('invalid-option', stage, `${name} must not be all zeros`, { parameter: name });
  }
}
