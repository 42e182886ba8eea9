import type { ExecutionContext, TestFn } from 'ava';
import { findNatsServer, type NatsServer, startNatsServer } from '../natsServer.js';

/**
 * Test files that need a server call this first. Without a `nats-server` binary a developer's run skips
 * them with a message; under `CI=true` a missing server is a failure, since a skipped test would be
 * counted as passed.
 */
export function natsAvailable(): boolean {
  if (findNatsServer() !== undefined) return true;
  if (process.env.CI === 'true') {
    throw new Error('nats-server is not installed: CI must install it (apt-get install nats-server)');
  }
  return false;
}

/** Registers a server for the whole test file; `get()` returns it inside tests. */
export function sharedServer(test: TestFn): { get(): NatsServer } {
  let server: NatsServer | undefined;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });
  return {
    get() {
      if (server === undefined) throw new Error('server not started');
      return server;
    },
  };
}

/** Waits until `check` holds, polling every 20 ms, failing the test after `timeoutMs`. */
export async function eventually(
  t: ExecutionContext,
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.fail(`timed out waiting for ${what}`);
}
