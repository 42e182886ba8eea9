import { readFileSync } from 'node:fs';
import { isRivuletError } from '@rivulet/core/errors';
import { oneLine } from './CliError.js';
import { HELP } from './help.js';
import { Progress, type ProgressSink } from './Progress.js';
import { parseCommandLine } from './parseCommandLine.js';

/** Where `main` writes: results to `stdout`, progress and errors to `stderr`. */
export interface MainIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressSink;
}

/** The version in this package's package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Runs the `rivulet` command with `argv` (without `node` and the script) and returns the exit code:
 * 0 on success, 2 for a usage error (an unknown or bad option), 1 for any other error. Errors are one
 * line on stderr, `rivulet: <stage>: <message>`; `--debug` adds the stack.
 *
 * @example
 * ```ts
 * import { main } from '@rivulet/cli';
 * process.exitCode = await main(['topics', 'data/en.jsonl', '--components', '5'], process);
 * ```
 */
export async function main(argv: readonly string[], io: MainIO): Promise<number> {
  const debug = argv.includes('--debug');
  let progress = new Progress(undefined);
  try {
    const line = parseCommandLine(argv);
    if (line.values.version) {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    if (line.values.help || line.command === undefined) {
      io.stdout.write(HELP[line.command ?? 'main']);
      // The decomposers, tokenizers and filters that can be chosen, with their options, from the descriptors.
      if (line.command === 'topics')
        io.stdout.write(await (await import('./pluginHelp.js')).pluginHelp(line));
      return line.command === undefined && !line.values.help ? 2 : 0;
    }
    progress = new Progress(line.values.quiet ? undefined : io.stderr);
    const warn = (message: string) => {
      progress.clear();
      io.stderr.write(`rivulet: warning: ${message}\n`);
    };
    const commandIO = { stdout: io.stdout, progress, version: version(), warn };
    // Loaded on demand, so --help and --version do not pay for the numeric packages.
    if (line.command === 'topics') await (await import('./topicsCommand.js')).topicsCommand(line, commandIO);
    else if (line.command === 'transform') {
      await (await import('./transformCommand.js')).transformCommand(line, commandIO);
    } else if (line.command === 'plugins') {
      await (await import('./pluginsCommand.js')).pluginsCommand(line, commandIO);
    } else if (line.command === 'publish') {
      await (await import('./natsCommands.js')).publishCommand(line, commandIO);
    } else if (line.command === 'worker') {
      await (await import('./natsCommands.js')).workerCommand(line, commandIO);
    } else if (line.command === 'coordinator') {
      await (await import('./natsCommands.js')).coordinatorCommand(line, commandIO);
    } else if (line.command === 'model') {
      await (await import('./natsCommands.js')).modelCommand(line, commandIO);
    } else await (await import('./similarCommand.js')).similarCommand(line, commandIO);
    return 0;
  } catch (error) {
    progress.clear();
    io.stderr.write(`${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return isRivuletError(error, 'invalid-option') ? 2 : 1;
  }
}

function describeError(error: unknown): string {
  if (isRivuletError(error)) {
    const message = oneLine(error.message);
    return message.startsWith('rivulet:') ? message : `rivulet: ${message}`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `rivulet: unexpected error: ${oneLine(message)} (run with --debug for the stack trace)`;
}
