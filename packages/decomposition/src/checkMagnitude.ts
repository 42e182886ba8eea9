import { describeValue, RivuletError } from '@rivulet/core';

/** The largest |value| a decomposition accepts: beyond, ‖A‖² overflows to ∞ and the loss turns NaN. */
export const MAX_MAGNITUDE = 1e100;
/** The smallest largest value NMF accepts: below, the updates' products underflow and W·H collapses to 0. */
export const MIN_MAGNITUDE = 1e-100;

/**
 * Refuses data whose scale leaves the double range in the squares and products a decomposition forms,
 * rather than returning NaN or zero factors. Decompositions are scale-equivariant, so dividing the data by
 * its largest value first loses nothing.
 * @param largest the largest |value| of the data
 * @param lower also refuse data whose largest value is below {@link MIN_MAGNITUDE} (not for all-zero data)
 * @throws RivuletError `invalid-input` with the value and the remedy
 */
export function checkMagnitude(largest: number, stage: string, parameter: string, lower: boolean): void {
  if (largest > MAX_MAGNITUDE || (lower && largest > 0 && largest < MIN_MAGNITUDE)) {
    const range = lower ? `in [${MIN_MAGNITUDE}, ${MAX_MAGNITUDE}]` : `at most ${MAX_MAGNITUDE}`;
    throw new RivuletError(
      'invalid-input',
      stage,
      `${parameter}'s largest magnitude must be ${range} so that its squares and products stay finite and normal, got ${describeValue(largest)}; divide it by its largest value first (the factors scale the same way)`,
      { parameter },
    );
  }
}
