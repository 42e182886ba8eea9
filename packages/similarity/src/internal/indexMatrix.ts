import { describeValue, knownOptions, RivuletError } from '@rivulet/core';
import { checkMaxBytes } from './checkMaxBytes.js';
import { isDenseMatrix } from './isDenseMatrix.js';
import { normalizeRow } from './normalizeRow.js';
import { DEFAULT_MAX_BYTES, RowIndex } from './RowIndex.js';

/**
 * Validates a dense matrix of rows (and their ids) and builds a {@link RowIndex} over a normalised copy.
 * Errors: `invalid-input` for something that is not a `DenseMatrix`, a non-finite value or ids of the
 * wrong length; `invalid-option` for a bad `maxBytes` or an unknown option.
 */
export function indexMatrix(
  stage: string,
  rows: unknown,
  ids: unknown,
  options: { readonly maxBytes?: number } | undefined,
  known: readonly string[] = ['maxBytes'],
): RowIndex {
  knownOptions(stage, options, known);
  const maxBytes = checkMaxBytes(stage, options?.maxBytes ?? DEFAULT_MAX_BYTES);
  if (!isDenseMatrix(rows)) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `rows must be a DenseMatrix (rows × dimension), got ${describeValue(rows)}`,
      { parameter: 'rows' },
    );
  }
  const { rows: n, cols: d, data } = rows;
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) {
      throw new RivuletError(
        'invalid-input',
        stage,
        `rows (${Math.floor(p / d)}, ${p % d}) must be a finite number, got ${describeValue(data[p])}`,
        { parameter: 'rows' },
      );
    }
  }
  let copiedIds: string[] | undefined;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length !== n || ids.some((id) => typeof id !== 'string')) {
      throw new RivuletError(
        'invalid-input',
        stage,
        `ids must be an array of ${n} strings (one per row), got ${describeValue(ids)}`,
        { parameter: 'ids' },
      );
    }
    copiedIds = ids.slice();
  }
  const unit = new Float64Array(n * d);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) norms[i] = normalizeRow(data, i * d, d, unit, i * d);
  return new RowIndex(stage, unit, norms, n, d, copiedIds, maxBytes);
}
