/**
 * The control block two threads share to split one command's blocks between them (the fused NMF
 * engine's worker and the randomized SVD's): i32 slots for the posted sequence number, the number of
 * finished blocks, the command, its common arguments, the claim word (the command's tag times 256 plus
 * the next unclaimed block: a thread still holding an older tag can never claim a block of a newer
 * command), the number of blocks, then one quadruple per block. Either thread claims blocks by
 * compare-and-swap until none is left, so a thread the operating system delays simply runs fewer; each
 * block writes only its own outputs, so who ran it never changes a bit of the outcome.
 *
 * @example
 * ```ts
 * import { CTL, claimBlock, claimTag, finishBlock } from '@rivulet/linalg';
 * for (let b = claimBlock(ctl, claimTag(seq)); b >= 0; b = claimBlock(ctl, claimTag(seq))) {
 *   run(b);
 *   finishBlock(ctl);
 * }
 * ```
 */
export const CTL = { seq: 0, finished: 1, cmd: 2, args: 3, claim: 14, blocks: 15, table: 16 } as const;

/** Most blocks a command may have. */
export const MAX_BLOCKS = 16;

/** The claim-word tag of sequence number `seq`. */
export function claimTag(seq: number): number {
  return seq & 0x7fffff;
}

/**
 * Claims the next block of the command tagged `tag`: its index, or -1 when none is left or a newer
 * command has been posted.
 */
export function claimBlock(ctl: Int32Array, tag: number): number {
  for (;;) {
    const w = Atomics.load(ctl, CTL.claim);
    if (w >> 8 !== tag || (w & 255) >= ctl[CTL.blocks]) return -1;
    if (Atomics.compareExchange(ctl, CTL.claim, w, w + 1) === w) return w & 255;
  }
}

/** Counts one finished block; the last one wakes the poster. */
export function finishBlock(ctl: Int32Array): void {
  if (Atomics.add(ctl, CTL.finished, 1) + 1 === ctl[CTL.blocks]) Atomics.notify(ctl, CTL.finished);
}

/**
 * Posts command `cmd` with integer arguments `args` over the blocks of `table` (four i32 per block):
 * resets the finished count, opens the claim word for the new tag and wakes the other thread.
 */
export function postCommand(
  ctl: Int32Array,
  seq: number,
  cmd: number,
  args: readonly number[],
  table: Int32Array,
): void {
  ctl[CTL.cmd] = cmd;
  for (let i = 0; i < args.length; i++) ctl[CTL.args + i] = args[i];
  ctl[CTL.blocks] = table.length / 4;
  ctl.set(table, CTL.table);
  Atomics.store(ctl, CTL.finished, 0);
  Atomics.store(ctl, CTL.claim, claimTag(seq) * 256);
  Atomics.store(ctl, CTL.seq, seq);
  Atomics.notify(ctl, CTL.seq);
}

/**
 * Blocks until every block of the posted command is finished (by either thread).
 * @throws Error when the other thread has not finished its blocks within `timeoutMs`
 */
export function waitFinished(ctl: Int32Array, timeoutMs: number, who: string): void {
  const started = Date.now();
  const blocks = ctl[CTL.blocks];
  for (;;) {
    const finished = Atomics.load(ctl, CTL.finished);
    if (finished === blocks) return;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${who}: the worker thread did not answer within ${timeoutMs} ms`);
    }
    Atomics.wait(ctl, CTL.finished, finished, 1000);
  }
}
