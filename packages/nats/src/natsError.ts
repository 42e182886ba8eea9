import { isRivuletError, RivuletError } from '@rivulet/core';

/**
 * Wraps an error of the NATS client (a closed connection, a timeout, a JetStream API error) as a
 * RivuletError `io` whose message says what was being done and keeps the client's reason; a RivuletError
 * passes through unchanged.
 */
export function natsError(stage: string, doing: string, error: unknown): RivuletError {
  if (isRivuletError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RivuletError('io', stage, `${doing}: ${reason}`, { cause: error });
}
