import { describeValue, knownOptions, RivuletError } from '@rivulet/core';
import type { SimilarityOptions } from '../operators/similarity.js';
import { checkMaxBytes } from './checkMaxBytes.js';

/** Validates the options of the `similarity` operator and stage. */
export function checkSimilarityOptions(stage: string, options: SimilarityOptions | undefined): void {
  knownOptions(stage, options, ['ids', 'maxBytes', 'index']);
  if (options?.maxBytes !== undefined) checkMaxBytes(stage, options.maxBytes);
  if (options?.index !== undefined && typeof options.index !== 'function') {
    throw new RivuletError(
      'invalid-option',
      stage,
      `index must be a function (rows, ids) => SimilarityIndex, got ${describeValue(options.index)}`,
      { parameter: 'index' },
    );
  }
  const ids = options?.ids;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))) {
    throw new RivuletError(
      'invalid-option',
      stage,
      `ids must be an array of strings (one per row), got ${describeValue(ids)}`,
      { parameter: 'ids' },
    );
  }
}
