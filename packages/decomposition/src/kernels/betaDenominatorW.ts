/**
 * The denominator of the β-divergence multiplicative update of W, `out = (WH)^(β − 1) · Hᵀ` (m × k),
 * computed one row of WH at a time in `rowBuffer` (length n) so that the dense m × n product is never
 * stored; entries of WH that are exactly 0 become `eps` when β < 1, as scikit-learn 1.2. Returns
 * Σ (WH)^β over all entries, the dense term of D_β that the loss needs from the same rows. `W` is m × k,
 * `H` k × n, row-major. Cost: 2 · m · n · k.
 *
 * @example
 * ```ts
 * import { betaDenominatorW } from '@rivulet/decomposition';
 * const out = new Float64Array(1);
 * betaDenominatorW(1, 1, 1, Float64Array.of(2), Float64Array.of(3), 3, 2 ** -23, new Float64Array(1), out);
 * // out = [6² · 3] = [108]; returns 6³ = 216
 * ```
 */
export function betaDenominatorW(
  m: number,
  n: number,
  k: number,
  W: Float64Array,
  H: Float64Array,
  beta: number,
  eps: number,
  rowBuffer: Float64Array,
  out: Float64Array,
): number {
  let sumBeta = 0;
  for (let i = 0; i < m; i++) {
    const base = i * k;
    rowBuffer.fill(0, 0, n);
    for (let c = 0; c < k; c++) {
      const w = W[base + c];
      const row = c * n;
      for (let j = 0; j < n; j++) rowBuffer[j] += w * H[row + j];
    }
    for (let j = 0; j < n; j++) {
      let v = rowBuffer[j];
      sumBeta += v ** beta;
      if (beta < 1 && v === 0) v = eps;
      rowBuffer[j] = v ** (beta - 1);
    }
    for (let c = 0; c < k; c++) {
      const row = c * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += rowBuffer[j] * H[row + j];
      out[base + c] = sum;
    }
  }
  return sumBeta;
}
