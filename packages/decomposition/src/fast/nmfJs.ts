import { EPSILON } from '../solvers/epsilon.js';

/**
 * The plain-TypeScript twins of the WebAssembly kernels in `nmfWasm.ts`: the same loops in the same
 * summation order over the same memory layout (rows padded to whole vectors, stride `kp`), so that both
 * give bit-identical factors. For float32 every intermediate result is rounded with `Math.fround`, as
 * the f32x4 lanes round each operation (a double holds the exact product or quotient of two floats well
 * enough that rounding it once more gives the float32 result). They serve as the fallback where
 * WebAssembly SIMD is unavailable and as the reference the fast path is tested against. Arguments are
 * element offsets into typed views of one buffer.
 *
 * @example
 * ```ts
 * // internal: FastNmf calls these with backend 'js'
 * jsMuHalf(views, k, kp, 0, rows, indptr, indices, data, W, Ht, GH, GW, scratch, cross);
 * ```
 */
export interface Views {
  /** The factors, Gram matrices, A's values and scratch, in the engine's element type. */
  f: Float64Array | Float32Array;
  i32: Int32Array;
  /** Rounds a double to the element type (identity for float64, `Math.fround` for float32). */
  round: (x: number) => number;
  /** Vector lanes of the element type: the cross term is kept as this many partial sums. */
  lanes: number;
}

/**
 * One multiplicative-update half step over rows [start, end) of F (see `muHalf` in nmfWasm.ts); leaves
 * Σ_i ⟨num_i, new F_i⟩ as `lanes` partial sums (columns by index mod lanes) at `cross`.
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
  const { f, round: fr, lanes } = v;
  const num = scratch;
  const den = scratch + kp;
  for (let l = 0; l < lanes; l++) f[cross + l] = 0;
  for (let i = start; i < end; i++) {
    const fi = F + i * kp;
    sparseRow(v, kp, i, indptr, indices, data, O, num);
    for (let c = 0; c < kp; c++) {
      let d = 0;
      for (let r = 0; r < k; r++) d = fr(d + fr(f[fi + r] * f[G + r * kp + c]));
      f[den + c] = d;
    }
    for (let c = 0; c < kp; c++) {
      const d = f[den + c];
      const next = fr(f[fi + c] * fr(f[num + c] / (d === 0 ? EPSILON : d)));
      f[fi + c] = next;
      const l = cross + (c % lanes);
      f[l] = fr(f[l] + fr(f[num + c] * next));
    }
    gramRow(v, k, kp, fi, Gnew);
  }
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
  const { f, round: fr, lanes } = v;
  const xr = scratch;
  let violation = 0;
  for (let l = 0; l < lanes; l++) f[cross + l] = 0;
  for (let i = start; i < end; i++) {
    const fi = F + i * kp;
    sparseRow(v, kp, i, indptr, indices, data, O, xr);
    for (let t = 0; t < k; t++) {
      const gt = G + t * kp;
      let grad = -f[xr + t];
      for (let r = 0; r < k; r++) grad = fr(grad + fr(f[gt + r] * f[fi + r]));
      const w = f[fi + t];
      // biome-ignore lint/complexity/useMathMinMax: the ternary is wasm's pmin (and Cython's min), also for -0
      const pg = w === 0 ? (grad < 0 ? grad : 0) : grad;
      violation += pg < 0 ? -pg : pg;
      const hess = f[gt + t];
      if (hess !== 0) {
        const next = fr(w - fr(grad / hess));
        // biome-ignore lint/complexity/useMathMinMax: the ternary is wasm's pmax, also for -0 and NaN
        f[fi + t] = next > 0 ? next : 0;
      }
    }
    for (let c = 0; c < k; c++) {
      const l = cross + (c % lanes);
      f[l] = fr(f[l] + fr(f[xr + c] * f[fi + c]));
    }
    gramRow(v, k, kp, fi, Gnew);
  }
  return violation;
}

/** Adds the upper Gram chunks of rows [start, end) of F into G. */
export function jsGramAdd(v: Views, k: number, kp: number, start: number, end: number, F: number, G: number) {
  for (let i = start; i < end; i++) gramRow(v, k, kp, F + i * kp, G);
}

/** `out[c] = Σ_p data[p] · O[indices[p], c]` over row i's stored entries, in stored order. */
function sparseRow(
  v: Views,
  kp: number,
  i: number,
  indptr: number,
  indices: number,
  data: number,
  O: number,
  out: number,
): void {
  const { f, i32, round: fr } = v;
  for (let c = 0; c < kp; c++) f[out + c] = 0;
  const pEnd = i32[indptr + i + 1];
  for (let p = i32[indptr + i]; p < pEnd; p++) {
    const a = f[data + p];
    const o = O + i32[indices + p] * kp;
    for (let c = 0; c < kp; c++) f[out + c] = fr(f[out + c] + fr(a * f[o + c]));
  }
}

function gramRow(v: Views, k: number, kp: number, fi: number, G: number): void {
  const { f, round: fr, lanes } = v;
  for (let r = 0; r < k; r++) {
    const fr_ = f[fi + r];
    const gr = G + r * kp;
    for (let c = r - (r % lanes); c < kp; c++) f[gr + c] = fr(f[gr + c] + fr(fr_ * f[fi + c]));
  }
}

/**
 * Σ_i ⟨(A·O)[i], F[i]⟩ over rows [start, end) as `lanes` partial sums at `cross` (see `crossAdd` in
 * nmfWasm.ts), with `(A·O)[i]` in scratch; the factors are not changed.
 */
export function jsCrossAdd(
  v: Views,
  kp: number,
  start: number,
  end: number,
  indptr: number,
  indices: number,
  data: number,
  F: number,
  O: number,
  scratch: number,
  cross: number,
): void {
  const { f, round: fr, lanes } = v;
  for (let l = 0; l < lanes; l++) f[cross + l] = 0;
  for (let i = start; i < end; i++) {
    const fi = F + i * kp;
    sparseRow(v, kp, i, indptr, indices, data, O, scratch);
    for (let c = 0; c < kp; c++) {
      const l = cross + (c % lanes);
      f[l] = fr(f[l] + fr(f[scratch + c] * f[fi + c]));
    }
  }
}
