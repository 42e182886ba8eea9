/**
 * Keeps a computed cosine within [−1, 1]: the true value always is, but rounding in a dot product of unit
 * vectors can exceed it by an ulp. This corrects arithmetic, it never changes an input.
 */
export function clampUnit(value: number): number {
  return value > 1 ? 1 : Math.max(value, -1);
}
