import type { Observable } from 'rxjs';
import type { ResultEvent, TrainingEvent } from './events.js';
import { RivuletError } from './RivuletError.js';

export interface UntilResultOptions {
  /** Aborting unsubscribes (a hard cancel) and rejects with an `aborted` error. */
  readonly signal?: AbortSignal;
  /** Called with every event, for progress reporting. */
  readonly onEvent?: (event: TrainingEvent) => void;
}

/**
 * Promise form of a training stream, for callers who do not want Observables: resolves with the `result`
 * event, rejects with the stream's error or when `signal` aborts.
 *
 * @example
 * ```ts
 * const { W, H } = await untilResult(nmfTrain(matrix, { components: 3 }), { signal: AbortSignal.timeout(5000) });
 * ```
 */
export function untilResult(
  events: Observable<TrainingEvent>,
  options: UntilResultOptions = {},
): Promise<ResultEvent> {
  const { signal, onEvent } = options;
  return new Promise<ResultEvent>((resolve, reject) => {
    if (signal?.aborted) {
      reject(
        new RivuletError('aborted', 'train', 'aborted before training started', { cause: signal.reason }),
      );
      return;
    }
    let result: ResultEvent | undefined;
    const onAbort = () => {
      subscription.unsubscribe();
      reject(new RivuletError('aborted', 'train', 'aborted by the caller', { cause: signal?.reason }));
    };
    const subscription = events.subscribe({
      next(event) {
        onEvent?.(event);
        if (event.type === 'result') result = event;
      },
      error(error) {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
      complete() {
        signal?.removeEventListener('abort', onAbort);
        if (result) resolve(result);
        else
          reject(
            new RivuletError(
              'invalid-input',
              'train',
              'the training stream completed without a result event',
            ),
          );
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
