/**
 * The denominator of the β-divergence multiplicative update of H, `out = Wᵀ · (WH)^(β − 1)` (k × n),
 * computed one column of WH at a time in `colBuffer` (length m) so that the dense m × n product is never
 * stored; entries of WH that are exactly 0 become `eps` when β < 1, as scikit-learn 1.2. `W` is m × k,
 * `H` k × n, row-major. Cost: 2 · m · n · k.
 *
 * @example
 * ```ts
 * import { betaDenominatorH } from '@rivulet/decomposition';
 * const out = new Float64Array(1);
 * betaDenominatorH(1, 1, 1, Float64Array.of(2), Float64Array.of(3), 3, 2 ** -23, new Float64Array(1), out);
 * // out = [2 · 6²] = [72]
 * ```
 */
export function betaDenominatorH(
  m: number,
  n: number,
  k: number,
  W: Float64Array,
  H: Float64Array,
  beta: number,
  eps: number,
  colBuffer: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const base = i * k;
      let v = 0;
      for (let c = 0; c < k; c++) v += W[base + c] * H[c * n + j];
      if (beta < 1 && v === 0) v = eps;
      colBuffer[i] = v ** (beta - 1);
    }
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += W[i * k + c] * colBuffer[i];
      out[c * n + j] = sum;
    }
  }
}
