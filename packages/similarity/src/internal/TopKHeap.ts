import type { Neighbour } from '@rivulet/core';

/**
 * A bounded min-heap that keeps the `k` best (score, index) pairs seen, so top-k over n candidates costs
 * O(n log k) instead of a full O(n log n) sort. "Better" means a higher score, and on equal scores the
 * lower index, which makes results deterministic. The root is always the worst pair kept.
 */
export class TopKHeap {
  private readonly indices: Int32Array;
  private readonly scores: Float64Array;
  private readonly capacity: number;
  private count = 0;

  /** @param capacity the number of pairs to keep (an integer ≥ 0). */
  constructor(capacity: number) {
    this.capacity = capacity;
    this.indices = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * The score a candidate with a higher index than every pair kept must beat (strictly) to be kept: the
   * worst score kept once the heap is full, −∞ before, +∞ for a capacity of 0.
   */
  get floor(): number {
    if (this.count < this.capacity) return Number.NEGATIVE_INFINITY;
    return this.capacity === 0 ? Number.POSITIVE_INFINITY : this.scores[0];
  }

  /** Offers a candidate; it is kept when the heap is not full or when it beats the worst pair kept. */
  push(index: number, score: number): void {
    const { indices, scores } = this;
    if (this.count < this.capacity) {
      let child = this.count++;
      // Sift up: move worse parents down until the new pair's slot is found.
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!worse(score, index, scores[parent], indices[parent])) break;
        scores[child] = scores[parent];
        indices[child] = indices[parent];
        child = parent;
      }
      scores[child] = score;
      indices[child] = index;
      return;
    }
    if (this.capacity === 0 || !worse(scores[0], indices[0], score, index)) return;
    this.siftDown(index, score, this.count);
  }

  /**
   * Empties the heap into neighbours ordered best first.
   * @param ids row ids, when known (`ids[index]` names a neighbour)
   */
  drain(ids: readonly string[] | undefined): Neighbour[] {
    const n = this.count;
    const outIndex = new Int32Array(n);
    const outScore = new Float64Array(n);
    // Popping the root yields the worst pair first, so fill the output from its end.
    for (let last = n - 1; last >= 0; last--) {
      outIndex[last] = this.indices[0];
      outScore[last] = this.scores[0];
      this.siftDown(this.indices[last], this.scores[last], last);
    }
    this.count = 0;
    const out: Neighbour[] = [];
    for (let i = 0; i < n; i++) {
      const index = outIndex[i];
      out.push({ index, id: ids?.[index], score: outScore[i] });
    }
    return out;
  }

  /** Places (index, score) at the root of a heap of `length` pairs and restores the heap order. */
  private siftDown(index: number, score: number, length: number): void {
    const { indices, scores } = this;
    let slot = 0;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && worse(scores[right], indices[right], scores[left], indices[left])) child = right;
      if (!worse(scores[child], indices[child], score, index)) break;
      scores[slot] = scores[child];
      indices[slot] = indices[child];
      slot = child;
    }
    scores[slot] = score;
    indices[slot] = index;
  }
}

/** True when (scoreA, indexA) ranks below (scoreB, indexB): a lower score, or a tie and a higher index. */
function worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
}
