import type { Stage } from '@rivulet/core';
import type { Observable } from 'rxjs';

/**
 * How one run of a stage on one input ended. A run that neither completes nor errors within the time
 * limit is a `hang`; a stage factory or `apply` that throws instead of erroring its Observable is a
 * `sync-throw`.
 */
export type Outcome =
  | { readonly end: 'complete'; readonly values: readonly unknown[] }
  | { readonly end: 'error'; readonly values: readonly unknown[]; readonly error: unknown }
  | { readonly end: 'hang'; readonly values: readonly unknown[] }
  | { readonly end: 'sync-throw'; readonly where: 'create' | 'apply'; readonly error: unknown };

/** Subscribes to `events`, collects what it emits and resolves with how it ended (or hung). */
export function settle(events: Observable<unknown>, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const values: unknown[] = [];
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (outcome: Outcome) => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(outcome);
    };
    const subscription = events.subscribe({
      next: (v) => values.push(v),
      error: (error) => finish({ end: 'error', values, error }),
      complete: () => finish({ end: 'complete', values }),
    });
    if (!finished) {
      timer = setTimeout(() => {
        subscription.unsubscribe();
        finish({ end: 'hang', values });
      }, timeoutMs);
    }
  });
}

/**
 * Builds a stage with `create`, applies it to `source` and settles the result; a synchronous throw from
 * either step is reported as such rather than propagated.
 */
export async function runStage(
  create: () => Stage<unknown, unknown>,
  source: Observable<unknown>,
  timeoutMs: number,
): Promise<Outcome> {
  let stage: Stage<unknown, unknown>;
  try {
    stage = create();
  } catch (error) {
    return { end: 'sync-throw', where: 'create', error };
  }
  let events: Observable<unknown>;
  try {
    events = stage.apply(source);
  } catch (error) {
    return { end: 'sync-throw', where: 'apply', error };
  }
  return settle(events, timeoutMs);
}

/** A one-line account of an outcome, for test logs and failure messages. */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.end) {
    case 'complete':
      return `completed with ${outcome.values.length} value(s)`;
    case 'hang':
      return `hung (no completion or error) after ${outcome.values.length} value(s)`;
    case 'error':
      return `errored: ${errorText(outcome.error)}`;
    case 'sync-throw':
      return `threw synchronously from ${outcome.where}: ${errorText(outcome.error)}`;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return `${error.name}${kind === undefined ? '' : `(${String(kind)})`} ${error.message}`;
  }
  return String(error);
}
