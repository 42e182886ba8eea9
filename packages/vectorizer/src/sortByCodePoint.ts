/**
 * Sorts strings in place by Unicode code point, the order of Python's `sorted()` and so of scikit-learn's
 * vocabulary. JavaScript's default sort compares UTF-16 code units, which agrees except where a surrogate
 * pair (a code point ≥ U+10000) meets a unit in U+E000–U+FFFF: by code point 𠀀 (U+20000) sorts after
 * ﬀ (U+FB00), by code unit before it.
 *
 * @example
 * ```ts
 * sortByCodePoint(['𠀀', 'ﬀ', '豈']); // ['豈', 'ﬀ', '𠀀']
 * ```
 */
export function sortByCodePoint(terms: string[]): string[] {
  // Without surrogates the engine's native comparison already gives code-point order, and is faster.
  for (let i = 0; i < terms.length; i++) {
    if (SURROGATE.test(terms[i])) return terms.sort(compareCodePoints);
  }
  return terms.sort();
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Negative, zero or positive as `a` sorts before, with or after `b` by code point. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitRank(x) - unitRank(y);
  }
  return a.length - b.length;
}

/**
 * Moves surrogates (U+D800–U+DFFF, which encode code points ≥ U+10000) above U+E000–U+FFFF. Pairs that
 * first differ in their high or low surrogate keep their relative order, so the comparison of the first
 * differing unit decides as the code points would.
 */
function unitRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
