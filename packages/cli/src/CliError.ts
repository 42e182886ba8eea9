import { RivuletError } from '@rivulet/core';
import { readTextFile } from '@rivulet/sources';

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

/**
 * The text of the file an option names (`--vocabulary`, `--dictionary`, …) through `@rivulet/sources`'
 * `readTextFile` (a regular file only, bounded, UTF-8 or UTF-16 with a byte-order mark), or its error
 * with the option named: `rivulet: --stop-words "/dev/zero" is a character device; …`.
 */
export async function readOptionFile(option: string, path: string): Promise<string> {
  try {
    return await readTextFile(path, { stage: CLI });
  } catch (error) {
    if (!(error instanceof RivuletError)) throw error;
    const reason = error.message.slice(CLI.length + 2);
    throw new RivuletError(
      error.kind,
      CLI,
      error.kind === 'io' ? `${option}: ${reason}` : `${option} ${reason}`,
      { parameter: option, cause: error },
    );
  }
}
