import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));
/** The repository root, the working directory of a run unless told otherwise. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What a run of the binary gave. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `rivulet` binary as a user would, in a child process, never on a terminal (so progress
 * is plain lines). `timeout` (ms) kills a run that hangs; it then reports code -1. `input` is written to
 * its standard input (which is otherwise closed at once).
 * @internal test helper
 */
export function rivulet(
  args: readonly string[],
  options: { cwd?: string; timeout?: number; input?: string | Uint8Array } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? ROOT,
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeout ?? 0,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
