/** A copy of `array` with at least `needed` capacity, doubling so that appends stay amortised O(1). */
export function grow<T extends Int32Array | Float64Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  return out;
}
