import { readFile } from 'node:fs/promises';
import { RivuletError } from '@rivulet/core';

/** The stage name of errors raised by the command itself. */
export const CLI = 'rivulet';

/** A bad command-line option value: `rivulet: --components must be …, got "x"`. */
export function badOption(option: string, expected: string, got: string): RivuletError {
  return new RivuletError(
    'invalid-option',
    CLI,
    `${option} must be ${expected}, got ${JSON.stringify(got)}`,
    {
      parameter: option,
    },
  );
}

/** A usage mistake that is not about one option's value (a missing argument, an unknown command). */
export function usageError(message: string): RivuletError {
  return new RivuletError('invalid-option', CLI, message);
}

/** The text of the file an option names (`--vocabulary`, `--dictionary`, …), or an `io` error naming both. */
export async function readOptionFile(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new RivuletError(
      'io',
      CLI,
      `cannot read ${option} ${JSON.stringify(path)}: ${(error as Error).message}`,
      {
        parameter: option,
        cause: error,
      },
    );
  }
}
