/**
 * Writes `src[srcOffset .. srcOffset + d)` divided by its Euclidean norm into `dst` at `dstOffset` and
 * returns that norm. A zero row is written as zeros with norm 0 — the zero-norm guard of scikit-learn's
 * `normalize`, which makes every cosine with a zero row 0.
 *
 * The row is first scaled by its largest magnitude (as LAPACK's `dnrm2` does), so that squaring neither
 * overflows for huge values nor underflows for tiny ones.
 */
export function normalizeRow(
  src: ArrayLike<number>,
  srcOffset: number,
  d: number,
  dst: Float64Array,
  dstOffset: number,
): number {
  let scale = 0;
  for (let k = 0; k < d; k++) {
    const v = Math.abs(src[srcOffset + k]);
    if (v > scale) scale = v;
  }
  if (scale === 0) {
    dst.fill(0, dstOffset, dstOffset + d);
    return 0;
  }
  let sum = 0;
  for (let k = 0; k < d; k++) {
    const v = src[srcOffset + k] / scale;
    sum += v * v;
  }
  const root = Math.sqrt(sum);
  const inverse = 1 / root;
  for (let k = 0; k < d; k++) dst[dstOffset + k] = (src[srcOffset + k] / scale) * inverse;
  return scale * root;
}
