import { totalmem } from 'node:os';
import { RivuletError } from '@rivulet/core';

/**
 * Refuses, before anything is allocated, a decomposition whose dense arrays would need more memory than
 * the machine has, so that absurd sizes end in a clear error instead of in the allocator (or in swap).
 *
 * @param doubles how many float64 values the decomposition keeps dense (factors, copies, work arrays)
 * @param shapes the dense factors as the message should name them, e.g. `W (1000000 × 1000) and H (…)`
 * @param advice what would help, naming the option, e.g. `lower components`
 * @throws RivuletError `limit` with the estimated size, the machine's memory and `advice`
 */
export function checkFactorMemory(stage: string, doubles: number, shapes: string, advice: string): void {
  const bytes = doubles * 8;
  const available = totalmem();
  if (bytes > available) {
    throw new RivuletError(
      'limit',
      stage,
      `${shapes} need about ${gigabytes(bytes)} of dense memory, more than this machine's ${gigabytes(available)}; ${advice}`,
      { parameter: 'components' },
    );
  }
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}
