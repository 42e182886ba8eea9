/**
 * Indices that sort `keys` ascending, with ties broken exactly as numpy 1.24's default `argsort`
 * (`kind='quicksort'`, an introsort) breaks them. scikit-learn's `max_features` keeps the first
 * `max_features` of `(-term_frequencies).argsort()`, so which of several equally frequent terms survive
 * depends on this unstable order; reproducing it makes our vocabulary equal scikit-learn's.
 *
 * The algorithm (Musser's introsort as numpy implements it): median-of-three quicksort on index ranges
 * longer than 16, the larger part deferred on a stack, insertion sort on short ranges, and a heapsort
 * of a range once the recursion depth exceeds 2·⌊log₂ n⌋.
 *
 * `keys`: the values; `order`: output, receives a permutation of `0 … keys.length − 1`.
 */
export function argsortLikeNumpy(keys: Float64Array, order: Int32Array): Int32Array {
  const n = keys.length;
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const stack: number[] = [];
  let lo = 0;
  let hi = n - 1;
  let depth = 2 * (31 - Math.clz32(n));
  for (;;) {
    if (depth < 0) {
      heapsortRange(keys, order, lo, hi - lo + 1);
    } else {
      while (hi - lo > SMALL) {
        const mid = lo + ((hi - lo) >> 1);
        if (keys[order[mid]] < keys[order[lo]]) swap(order, mid, lo);
        if (keys[order[hi]] < keys[order[mid]]) swap(order, hi, mid);
        if (keys[order[mid]] < keys[order[lo]]) swap(order, mid, lo);
        const pivot = keys[order[mid]];
        let i = lo;
        let j = hi - 1;
        swap(order, mid, j);
        for (;;) {
          do i++;
          while (keys[order[i]] < pivot);
          do j--;
          while (pivot < keys[order[j]]);
          if (i >= j) break;
          swap(order, i, j);
        }
        swap(order, i, hi - 1);
        depth--;
        if (i - lo < hi - i) {
          stack.push(i + 1, hi, depth);
          hi = i - 1;
        } else {
          stack.push(lo, i - 1, depth);
          lo = i + 1;
        }
      }
      for (let i = lo + 1; i <= hi; i++) {
        const moving = order[i];
        const key = keys[moving];
        let j = i;
        while (j > lo && key < keys[order[j - 1]]) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = moving;
      }
    }
    if (stack.length === 0) return order;
    depth = stack.pop()!;
    hi = stack.pop()!;
    lo = stack.pop()!;
  }
}

/** Ranges of at most this length minus one are insertion-sorted, as numpy's SMALL_QUICKSORT. */
const SMALL = 15;

function swap(order: Int32Array, a: number, b: number): void {
  const t = order[a];
  order[a] = order[b];
  order[b] = t;
}

/** Heapsort of `order[start … start + n)` by key, with numpy's 1-based sift-down (its `kind='heapsort'`). */
export function heapsortRange(keys: Float64Array, order: Int32Array, start: number, n: number): void {
  const base = start - 1;
  for (let l = n >> 1; l > 0; l--) siftDown(keys, order, base, l, n, order[base + l]);
  for (let m = n; m > 1; ) {
    const moving = order[base + m];
    order[base + m] = order[base + 1];
    m--;
    siftDown(keys, order, base, 1, m, moving);
  }
}

function siftDown(keys: Float64Array, order: Int32Array, base: number, i: number, n: number, moving: number) {
  for (let j = i << 1; j <= n; ) {
    if (j < n && keys[order[base + j]] < keys[order[base + j + 1]]) j++;
    if (keys[moving] < keys[order[base + j]]) {
      order[base + i] = order[base + j];
      i = j;
      j += j;
    } else break;
  }
  order[base + i] = moving;
}
