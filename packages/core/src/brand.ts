/**
 * Brands: how Rivulet recognises its own objects across copies of a package. Two installed copies of
 * `@rivulet/core` (or of inversify, or of `@rivulet/linalg`) each have their own classes, so `instanceof`
 * says "no" to an object made by the other copy. A brand is a `Symbol.for` key — the same symbol in every
 * copy and every realm — set on the object or its prototype, as InversifyJS does with its `static is()`.
 */

/** Sets `brand` on `target` (non-enumerable, read-only) and returns it. */
export function setBrand<T extends object>(target: T, brand: symbol): T {
  Object.defineProperty(target, brand, { value: true, enumerable: false, writable: false });
  return target;
}

/** True when `value` is an object carrying `brand` (own or inherited), whichever copy made it. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (value as Record<symbol, unknown>)[brand] === true
  );
}
