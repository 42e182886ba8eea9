/**
 * Sorts `indices[start … end)` ascending in place: insertion sort for the short rows typical of documents
 * (no allocation, no call), the engine's typed-array sort for long ones.
 */
export function sortRow(indices: Int32Array, start: number, end: number): void {
  if (end - start > INSERTION_LIMIT) {
    indices.subarray(start, end).sort();
    return;
  }
  for (let p = start + 1; p < end; p++) {
    const v = indices[p];
    let q = p;
    while (q > start && indices[q - 1] > v) {
      indices[q] = indices[q - 1];
      q--;
    }
    indices[q] = v;
  }
}

const INSERTION_LIMIT = 48;
