import { connect, type NatsConnection } from '@nats-io/transport-node';
import { invalidOption } from '@rivulet/core';
import { natsError } from './natsError.js';

/**
 * Connects to one server or a cluster: `servers` is a URL or comma-separated URLs
 * (`nats://a:4222,nats://b:4222`). The client reconnects by itself when a server goes away and comes back.
 * @throws RivuletError `invalid-option` for an empty list, `io` when no server answers
 */
export async function connectNats(stage: string, servers: string): Promise<NatsConnection> {
  const list = typeof servers === 'string' ? servers.split(',').map((s) => s.trim()) : [];
  if (list.length === 0 || list.some((s) => s === ''))
    invalidOption(stage, 'nats', 'a server URL or comma-separated URLs', servers);
  try {
    return await connect({ servers: list, maxReconnectAttempts: -1 });
  } catch (error) {
    throw natsError(stage, `cannot connect to ${list.join(', ')}`, error);
  }
}
