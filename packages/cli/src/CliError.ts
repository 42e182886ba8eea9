import { isRivuletError, RivuletError } from '@rivulet/core/errors';

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
  // Loaded here, not at the top: this module is on the path of --version, --help and usage errors,
  // which need nothing of @rivulet/sources (nor of core's main entry, which it loads).
  const { readTextFile } = await import('@rivulet/sources');
  try {
    return await readTextFile(path, { stage: CLI });
  } catch (error) {
    if (!isRivuletError(error)) throw error;
    const reason = error.message.slice(CLI.length + 2);
    throw new RivuletError(
      error.kind,
      CLI,
      error.kind === 'io' ? `${option}: ${reason}` : `${option} ${reason}`,
      { parameter: option, cause: error },
    );
  }
}

/**
 * Text from input (a term, an id, a path) may carry newlines or terminal escapes (ESC): in a one-line
 * message or a result line they are written as `\n`, `\u001b`, so they can neither split the line nor
 * drive the terminal.
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
