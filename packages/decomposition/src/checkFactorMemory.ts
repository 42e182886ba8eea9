import { checkMemory } from '@rivulet/core';

/**
 * Refuses, before anything is allocated, a decomposition whose dense arrays would need more memory than
 * Rivulet allows (core's `checkMemory`), so that absurd sizes end in a clear error instead of in the
 * allocator (or in swap).
 *
 * @param doubles how many float64 values the decomposition keeps dense (factors, copies, work arrays)
 * @param shapes the dense factors as the message should name them, e.g. `W (1000000 × 1000) and H (…)`
 * @param advice what would help, naming the option, e.g. `lower components`
 * @throws RivuletError `limit` with the estimated size, the budget and `advice`
 */
export function checkFactorMemory(stage: string, doubles: number, shapes: string, advice: string): void {
  checkMemory(stage, 'components', doubles * 8, `${shapes} (dense)`, advice);
}
