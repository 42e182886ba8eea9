/**
 * The Gram matrix of the columns, `out = XᵀX` (k × k), of a dense row-major `X` (m × k); `out` is
 * overwritten and exactly symmetric. NMF uses it for `WᵀW`. Cost: m · k².
 *
 * @example
 * ```ts
 * import { gram } from '@rivulet/linalg';
 * const out = new Float64Array(1);
 * gram(2, 1, Float64Array.of(3, 4), out); // [25]
 * ```
 */
export function gram(m: number, k: number, X: Float64Array, out: Float64Array): void {
  out.fill(0, 0, k * k);
  for (let i = 0; i < m; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const xa = X[base + a];
      if (xa === 0) continue;
      const row = a * k;
      for (let b = a; b < k; b++) out[row + b] += xa * X[base + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) out[a * k + b] = out[b * k + a];
}
