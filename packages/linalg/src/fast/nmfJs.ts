/**
 * The plain-TypeScript twins of the WebAssembly kernels in `nmfWasm.ts`: the same loops in the same
 * summation order over the same memory layout (rows padded to an even stride `kp`), so that both give
 * bit-identical factors. They serve as the fallback where WebAssembly SIMD is unavailable and as the
 * reference the fast path is tested against. Arguments are element offsets into `f64` / `i32` views of
 * one buffer.
 *
 * @example
 * ```ts
 * // internal: FastNmf calls these with backend 'js'
 * jsMuHalf(views, k, kp, 0, rows, indptr, indices, data, W, Ht, GH, GW, scratch);
 * ```
 */
export interface Views {
  f64: Float64Array;
  i32: Int32Array;
}

/** float32 machine epsilon, scikit-learn's `EPSILON` for zero MU denominators. */
export const MU_EPSILON = 2 ** -23;

/**
 * One multiplicative-update half step over rows [start, end) of F (see `muHalf` in nmfWasm.ts); leaves
 * Σ_i ⟨num_i, new F_i⟩ over even and odd columns at `cross`, `cross + 1`.
 */
export function jsMuHalf(
  v: Views,
  k: number,
  kp: number,
  start: number,
  end: number,
  indptr: number,
  indices: number,
  data: number,
  F: number,
  O: number,
  G: number,
  Gnew: number,
  scratch: number,
  cross: number,
): void {
  const { f64, i32 } = v;
  const num = scratch;
  const den = scratch + kp;
  let cross0 = 0;
  let cross1 = 0;
  for (let i = start; i < end; i++) {
    const fi = F + i * kp;
    for (let c = 0; c < kp; c++) f64[num + c] = 0;
    const pEnd = i32[indptr + i + 1];
    for (let p = i32[indptr + i]; p < pEnd; p++) {
      const a = f64[data + p];
      const o = O + i32[indices + p] * kp;
      for (let c = 0; c < kp; c++) f64[num + c] += a * f64[o + c];
    }
    for (let c = 0; c < kp; c++) {
      let d = 0;
      for (let r = 0; r < k; r++) d += f64[fi + r] * f64[G + r * kp + c];
      f64[den + c] = d;
    }
    for (let c = 0; c < kp; c += 2) {
      const d0 = f64[den + c];
      const d1 = f64[den + c + 1];
      const f0 = f64[fi + c] * (f64[num + c] / (d0 === 0 ? MU_EPSILON : d0));
      const f1 = f64[fi + c + 1] * (f64[num + c + 1] / (d1 === 0 ? MU_EPSILON : d1));
      f64[fi + c] = f0;
      f64[fi + c + 1] = f1;
      cross0 += f64[num + c] * f0;
      cross1 += f64[num + c + 1] * f1;
    }
    gramRow(f64, k, kp, fi, Gnew);
  }
  f64[cross] = cross0;
  f64[cross + 1] = cross1;
}

/** One coordinate-descent half step over rows [start, end) of F; returns the violation (cross as MU). */
export function jsCdHalf(
  v: Views,
  k: number,
  kp: number,
  start: number,
  end: number,
  indptr: number,
  indices: number,
  data: number,
  F: number,
  O: number,
  G: number,
  Gnew: number,
  scratch: number,
  cross: number,
): number {
  const { f64, i32 } = v;
  const xr = scratch;
  let violation = 0;
  let cross0 = 0;
  let cross1 = 0;
  for (let i = start; i < end; i++) {
    const fi = F + i * kp;
    for (let c = 0; c < kp; c++) f64[xr + c] = 0;
    const pEnd = i32[indptr + i + 1];
    for (let p = i32[indptr + i]; p < pEnd; p++) {
      const a = f64[data + p];
      const o = O + i32[indices + p] * kp;
      for (let c = 0; c < kp; c++) f64[xr + c] += a * f64[o + c];
    }
    for (let t = 0; t < k; t++) {
      const gt = G + t * kp;
      let grad = -f64[xr + t];
      for (let r = 0; r < k; r++) grad += f64[gt + r] * f64[fi + r];
      const w = f64[fi + t];
      // biome-ignore lint/complexity/useMathMinMax: the ternary is wasm's pmin (and Cython's min), also for -0
      const pg = w === 0 ? (grad < 0 ? grad : 0) : grad;
      violation += pg < 0 ? -pg : pg;
      const hess = f64[gt + t];
      if (hess !== 0) {
        const next = w - grad / hess;
        // biome-ignore lint/complexity/useMathMinMax: the ternary is wasm's pmax, also for -0 and NaN
        f64[fi + t] = next > 0 ? next : 0;
      }
    }
    for (let c = 0; c < k; c += 2) cross0 += f64[xr + c] * f64[fi + c];
    for (let c = 1; c < k; c += 2) cross1 += f64[xr + c] * f64[fi + c];
    gramRow(f64, k, kp, fi, Gnew);
  }
  f64[cross] = cross0;
  f64[cross + 1] = cross1;
  return violation;
}

/** Adds the upper Gram chunks of rows [start, end) of F into G. */
export function jsGramAdd(v: Views, k: number, kp: number, start: number, end: number, F: number, G: number) {
  for (let i = start; i < end; i++) gramRow(v.f64, k, kp, F + i * kp, G);
}

function gramRow(f64: Float64Array, k: number, kp: number, fi: number, G: number): void {
  for (let r = 0; r < k; r++) {
    const fr = f64[fi + r];
    const gr = G + r * kp;
    for (let c = r - (r % 2); c < kp; c++) f64[gr + c] += fr * f64[fi + c];
  }
}
