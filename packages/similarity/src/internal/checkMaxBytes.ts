import { integerOption } from '@rivulet/core';

/** Validates the `maxBytes` ceiling on a pairwise matrix: a positive integer number of bytes. */
export function checkMaxBytes(stage: string, value: unknown): number {
  return integerOption(stage, 'maxBytes', value, { min: 1 });
}
