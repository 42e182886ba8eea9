import { spawn } from 'node:child_process';
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

/**
 * Starts `scenarios.js <name> ...args`, waits for it to print `ready`, lets it run `afterMs` more and kills
 * it with SIGKILL (a crash at an arbitrary point). Resolves once it is gone.
 */
export function killMidway(name: string, args: readonly string[], afterMs: number): Promise<void> {
  const script = fileURLToPath(new URL('./scenarios.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, name, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the scenario ended on its own before being killed: ${stderr}`));
    });
  });
}
