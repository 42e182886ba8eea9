import { totalmem } from 'node:os';
import { RivuletError } from './RivuletError.js';

/**
 * The most memory Rivulet plans for the arrays of one step, in bytes: half of the machine's physical
 * memory, because a step rarely holds its arrays alone (the input it reads from, a copy being converted,
 * the next step's arrays) and swapping is worse than a clear error.
 */
export function memoryBudget(): number {
  return totalmem() / 2;
}

/**
 * Refuses, before anything is allocated, work whose arrays would need more than {@link memoryBudget}, so
 * that absurd sizes — a hostile file's header, a mistaken option — end in a clear `limit` error instead of
 * in the allocator, a V8 `Invalid typed array length` or swap. The one home of this check: dense factors,
 * declared matrix sizes and pairwise matrices all call it.
 *
 * @example
 * ```ts
 * import { checkMemory } from '@rivulet/core';
 * checkMemory('nmf', 'components', rows * components * 8, `W (${rows} × ${components})`, 'lower components');
 * ```
 * @param bytes the estimated size of everything the step allocates up front
 * @param what what needs it, as the message should name it, e.g. `W (1000000 × 1000) and H (…)`
 * @param advice what would help, naming the option or input, e.g. `lower components`
 * @throws RivuletError `limit` naming `parameter`, the estimate, the budget and the advice
 */
export function checkMemory(
  stage: string,
  parameter: string,
  bytes: number,
  what: string,
  advice: string,
): void {
  const budget = memoryBudget();
  if (!(bytes <= budget)) {
    throw new RivuletError(
      'limit',
      stage,
      `${what} need about ${gigabytes(bytes)}, more than the ${gigabytes(budget)} Rivulet allows (half of this machine's memory); ${advice}`,
      { parameter },
    );
  }
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}
