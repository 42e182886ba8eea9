import { RivuletError } from '@rivulet/core';
import type { CsrMatrix } from '@rivulet/linalg';

/**
 * Checks a caller's CSR matrix in full — row pointers non-decreasing, column indices in [0, cols) and
 * ascending — since its constructor checks only the array lengths and a bad index would make the kernels
 * read outside their arrays.
 * @throws RivuletError `invalid-input` naming the first offending row
 */
export function checkCsrStructure(csr: CsrMatrix, stage: string, parameter: string): void {
  try {
    csr.check();
  } catch (error) {
    throw new RivuletError(
      'invalid-input',
      stage,
      `${parameter} is not a well-formed CSR matrix: ${(error as Error).message}`,
      { parameter, cause: error },
    );
  }
}
