/**
 * A copy of `array` with at least `needed` capacity, doubling so that appends stay amortised O(1): the
 * growing buffers of a count accumulator or a term table.
 *
 * @example
 * ```ts
 * import { grow } from '@rivulet/core';
 * grow(Int32Array.of(1, 2), 3); // Int32Array [1, 2, 0, 0]
 * ```
 */
export function grow<T extends Int32Array | Uint16Array | Float64Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  return out;
}
