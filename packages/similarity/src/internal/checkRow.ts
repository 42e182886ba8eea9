import { describeValue, RivuletError } from '@rivulet/core';

/**
 * Checks that `row` is an array-like of finite numbers (of `length` values when given) and returns its
 * length. Errors are `invalid-input`, naming the offending position: `cosine: a[2] must be a finite
 * number, got NaN`.
 */
export function checkRow(stage: string, parameter: string, row: unknown, length?: number): number {
  if (row === null || typeof row !== 'object' || typeof (row as ArrayLike<number>).length !== 'number') {
    throw new RivuletError(
      'invalid-input',
      stage,
      `${parameter} must be an array or typed array of numbers, got ${describeValue(row)}`,
      { parameter },
    );
  }
  const values = row as ArrayLike<unknown>;
  if (length !== undefined && values.length !== length) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `${parameter} must have ${length} values (the dimension), got ${values.length}`,
      { parameter },
    );
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RivuletError(
        'invalid-input',
        stage,
        `${parameter}[${k}] must be a finite number, got ${describeValue(v)}`,
        { parameter },
      );
    }
  }
  return values.length;
}
