import type { SnapshotEvent } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';

/** One copy of H behind one or more snapshot events; `taken` once any of them was read. */
interface Slot {
  readonly H: DenseMatrix;
  step: number;
  taken: boolean;
}

/**
 * Snapshot events with bounded memory for slow consumers (issue 10 item 7): a snapshot is a copy of H
 * (components × terms, megabytes), and a consumer that handles events asynchronously (`concatMap` over a
 * timer, a network sink) lets them queue — 393 snapshots of 21 MB were 4.15 GB. An Observable cannot
 * tell a queued event from a handled one, so snapshots are conflated instead: an event's `H` and `step`
 * are read from a shared slot, and a snapshot whose event nobody has read yet (neither `H` nor `step`)
 * is overwritten in place by the next one, as a market-data feed keeps only the latest pending quote.
 * Reading either field takes the slot: it is never written again, so what a reader holds stays the
 * snapshot it read. A consumer that reads snapshots as they arrive (synchronously, as `map`, `tap`,
 * `subscribe` do) therefore sees every snapshot exactly as before; one that reads late sees, in each
 * snapshot it had not yet read, the latest snapshot taken before it read (its `step` says which). At most
 * one unread copy exists at a time, however many events are queued.
 *
 * @example
 * ```ts
 * // internal: the online NMF loops
 * const snapshots = new ConflatedSnapshots();
 * subscriber.next(snapshots.event(step, model.liveH(), k, terms));
 * ```
 */
export class ConflatedSnapshots {
  private pending: Slot | undefined;

  /**
   * The snapshot event of step `step` for H (`k × m`, row-major), copied or written into the unread slot.
   * @param owned H is a fresh array nobody else holds (one that crossed threads): kept rather than copied
   */
  event(step: number, H: Float64Array, k: number, m: number, owned = false): SnapshotEvent {
    let slot = this.pending;
    if (slot === undefined || slot.taken) {
      slot = { H: new DenseMatrix(k, m, owned ? H : H.slice(0, k * m)), step, taken: false };
      this.pending = slot;
    } else {
      slot.H.data.set(H.subarray(0, k * m));
      slot.step = step;
    }
    const s = slot;
    return {
      type: 'snapshot',
      get step() {
        s.taken = true;
        return s.step;
      },
      get H() {
        s.taken = true;
        return s.H;
      },
    };
  }
}
