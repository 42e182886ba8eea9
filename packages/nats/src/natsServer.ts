import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integerOption, invalidOption, knownOptions, RivuletError } from '@rivulet/core';

const STAGE = 'startNatsServer';

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /** The server binary. Default `nats-server` on `PATH` (Debian's package installs `/usr/sbin/nats-server`). */
  readonly binary?: string;
  /** Store directory for JetStream. Default: a new temporary directory, removed by `stop()`. */
  readonly storeDir?: string;
  /** Client port. Default: a free port chosen by the server (`-p -1`). */
  readonly port?: number;
  /** Server name (required inside a cluster). */
  readonly name?: string;
  /**
   * Cluster settings: the port this node listens on for routes and the route URLs of the other nodes
   * (`nats://127.0.0.1:PORT`). A cluster needs fixed route ports, so the caller picks them.
   */
  readonly cluster?: { readonly name: string; readonly port: number; readonly routes: readonly string[] };
  /** More command-line arguments, passed as they are. */
  readonly args?: readonly string[];
  /** How long to wait for the server to write its ports file. Default 10000 ms. */
  readonly startTimeoutMs?: number;
}

/** A running `nats-server` started by {@link startNatsServer}. */
export interface NatsServer {
  /** Client URL, `nats://127.0.0.1:PORT`. */
  readonly url: string;
  /** Monitoring URL (`/healthz`, `/jsz`), `http://127.0.0.1:PORT`. */
  readonly monitorUrl: string;
  readonly pid: number;
  readonly storeDir: string;
  /** Everything the server printed, for a failing test's message. */
  log(): string;
  /** SIGTERM, waits for the process to exit, and removes the store directory if this call made it. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) without cleaning anything: the store stays for a restart. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The path of a runnable `nats-server`, or `undefined` when none is installed. */
export function findNatsServer(binary = 'nats-server'): string | undefined {
  for (const candidate of [binary, `/usr/sbin/${binary}`, `/usr/bin/${binary}`]) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Starts a JetStream-enabled `nats-server` bound to 127.0.0.1 for tests, benchmarks and single-machine
 * deployments, and resolves once it listens. The client and monitoring ports are chosen by the server
 * (`-p -1 -m -1`) and read from the ports file it writes (`--ports_file_dir`), so parallel test files never
 * collide. Stop it with `stop()`; an exit before it is ready rejects with the server's output.
 *
 * @example
 * ```ts
 * const server = await startNatsServer();
 * const nc = await connect({ servers: server.url });
 * // …
 * await nc.close();
 * await server.stop();
 * ```
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  knownOptions(STAGE, options, ['binary', 'storeDir', 'port', 'name', 'cluster', 'args', 'startTimeoutMs']);
  const timeout = integerOption(STAGE, 'startTimeoutMs', options.startTimeoutMs ?? 10_000, { min: 1 });
  const binary = findNatsServer(options.binary);
  if (binary === undefined) {
    throw new RivuletError(
      'io',
      STAGE,
      `no runnable ${JSON.stringify(options.binary ?? 'nats-server')} found (install Debian's nats-server package)`,
      { parameter: 'binary' },
    );
  }
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'rivulet-nats-'));
  const portsDir = mkdtempSync(join(tmpdir(), 'rivulet-nats-ports-'));
  const args = ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-m', '-1', '--ports_file_dir', portsDir];
  args.push(
    '-p',
    String(
      options.port === undefined ? -1 : integerOption(STAGE, 'port', options.port, { min: 1, max: 65535 }),
    ),
  );
  if (options.name !== undefined) args.push('-n', options.name);
  if (options.cluster !== undefined) {
    const { name, port, routes } = options.cluster;
    if (typeof name !== 'string' || name === '')
      invalidOption(STAGE, 'cluster.name', 'a non-empty string', name);
    integerOption(STAGE, 'cluster.port', port, { min: 1, max: 65535 });
    args.push('--cluster_name', name, '--cluster', `nats://127.0.0.1:${port}`);
    if (routes.length > 0) args.push('--routes', routes.join(','));
  }
  if (options.args !== undefined) args.push(...options.args);

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });

  const cleanPorts = () => rmSync(portsDir, { recursive: true, force: true });
  try {
    const ports = await waitForPorts(
      child,
      portsDir,
      timeout,
      () => alive,
      () => output,
    );
    cleanPorts();
    const stopWith = async (signal: NodeJS.Signals, clean: boolean) => {
      if (alive) {
        child.kill(signal);
        await exited;
      }
      if (clean && ownStore) rmSync(storeDir, { recursive: true, force: true });
    };
    return {
      url: ports.nats,
      monitorUrl: ports.monitoring,
      pid: child.pid ?? -1,
      storeDir,
      log: () => output,
      stop: () => stopWith('SIGTERM', true),
      kill: (signal = 'SIGKILL') => stopWith(signal, false),
    };
  } catch (error) {
    if (alive) {
      child.kill('SIGKILL');
      await exited;
    }
    cleanPorts();
    if (ownStore) rmSync(storeDir, { recursive: true, force: true });
    throw error;
  }
}

async function waitForPorts(
  child: ChildProcess,
  dir: string,
  timeoutMs: number,
  alive: () => boolean,
  output: () => string,
): Promise<{ nats: string; monitoring: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) {
      throw new RivuletError('io', STAGE, `nats-server exited before it was ready: ${lastLines(output())}`);
    }
    const file = readdirSync(dir).find((name) => name === `nats-server_${child.pid}.ports`);
    if (file !== undefined) {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
          nats?: string[];
          monitoring?: string[];
        };
        const nats = parsed.nats?.[0];
        const monitoring = parsed.monitoring?.[0];
        if (nats !== undefined && monitoring !== undefined) return { nats, monitoring };
      } catch {
        // written but not complete yet: read it again on the next turn
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new RivuletError(
    'io',
    STAGE,
    `nats-server did not start within ${timeoutMs} ms: ${lastLines(output())}`,
  );
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-3).join(' | ') || '(no output)';
}
