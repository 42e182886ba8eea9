import { RivuletError } from '@rivulet/core';
import { checkRow } from './internal/checkRow.js';
import { clampUnit } from './internal/clampUnit.js';

/**
 * The cosine similarity of two vectors, a·b / (‖a‖‖b‖), in [−1, 1].
 *
 * When either vector is all zeros the result is 0, as scikit-learn's `cosine_similarity` gives (it
 * normalises rows with a zero-norm guard, so a zero row stays zero and every dot product with it is 0).
 * Each vector is scaled by its largest magnitude before squaring, so huge or tiny values neither overflow
 * nor underflow; the result is then kept within [−1, 1], which rounding can otherwise exceed by an ulp.
 *
 * @example
 * ```ts
 * import { cosine } from '@rivulet/similarity';
 * cosine([1, 0], [1, 1]); // 0.7071067811865475
 * ```
 * @param a a vector of finite numbers
 * @param b a vector of finite numbers, as long as `a`
 * @returns the cosine, 0 if either vector is zero
 * @throws RivuletError `invalid-input` when the lengths differ or a value is not a finite number
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = checkRow('cosine', 'a', a);
  checkRow('cosine', 'b', b);
  if (b.length !== d) {
    throw new RivuletError(
      'invalid-input',
      'cosine',
      `a and b must have the same length, got ${d} and ${b.length}`,
      { parameter: 'b' },
    );
  }
  let scaleA = 0;
  let scaleB = 0;
  for (let k = 0; k < d; k++) {
    const x = Math.abs(a[k]);
    const y = Math.abs(b[k]);
    if (x > scaleA) scaleA = x;
    if (y > scaleB) scaleB = y;
  }
  if (scaleA === 0 || scaleB === 0) return 0;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < d; k++) {
    const x = a[k] / scaleA;
    const y = b[k] / scaleB;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  // aa and bb lie in [1, d] after scaling, so their product cannot overflow.
  return clampUnit(dot / Math.sqrt(aa * bb));
}
