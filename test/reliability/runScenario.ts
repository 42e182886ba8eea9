import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a scenario child process reported and how it ended. */
export interface ScenarioRun {
  readonly report: { checks: Record<string, string | null>; leaked: string[] } | undefined;
  /** The child exited on its own within the limit. */
  readonly exited: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs `scenarios.js <name>` in a fresh Node process and waits up to `limitMs` for it to exit on its own;
 * a process still alive then (a leaked worker, timer or handle) is killed and reported as not exited.
 * `memoryKb` caps the child's virtual memory; `nodeFlags` go to the child's `node` command line.
 */
export function runScenario(
  name: string,
  limitMs = 120_000,
  memoryKb?: number,
  nodeFlags: readonly string[] = [],
): Promise<ScenarioRun> {
  const script = fileURLToPath(new URL('./scenarios.js', import.meta.url));
  // With a memory cap the child runs under `ulimit -v`, so an unguarded huge allocation fails fast.
  const [command, args] =
    memoryKb === undefined
      ? [process.execPath, [...nodeFlags, script, name]]
      : [
          'sh',
          ['-c', `ulimit -v ${memoryKb} && exec "$0" "$@"`, process.execPath, ...nodeFlags, script, name],
        ];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let exited = true;
    const timer = setTimeout(() => {
      exited = false;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop();
      let report: ScenarioRun['report'];
      try {
        report = line ? JSON.parse(line) : undefined;
      } catch {
        report = undefined;
      }
      resolve({ report, exited, code, stderr });
    });
  });
}

/** Starts `scenarios.js <name> ...args` with piped output (for {@link killWhenReady}). */
export function startScenario(name: string, args: readonly string[]): ChildProcess {
  const script = fileURLToPath(new URL('./scenarios.js', import.meta.url));
  return spawn(process.execPath, [script, name, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Waits for `child` to print `ready`, lets it run `afterMs` more and kills it with SIGKILL (a crash at an
 * arbitrary point). Resolves once it is gone; rejects if it ended on its own.
 */
export function killWhenReady(child: ChildProcess, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let ready = false;
    child.stderr?.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout?.on('data', (d) => {
      if (!ready && String(d).includes('ready')) {
        ready = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      // Killed before it was ready (by the guard), it did not crash where the caller asked.
      if (signal === 'SIGKILL' && ready) resolve();
      else if (!ready) reject(new Error(`the process was not ready within 120 s: ${stderr}`));
      else reject(new Error(`the process ended on its own before being killed: ${stderr}`));
    });
  });
}
