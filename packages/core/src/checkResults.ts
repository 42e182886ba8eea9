import { type MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { ResultEvent, TrainingEvent } from './events.js';
import { describeValue, RivuletError } from './RivuletError.js';

/** What {@link checkResults} holds a decomposer's result events to. */
export interface ResultCheckOptions {
  /** The decomposer's registered name, for messages. */
  readonly decomposer: string;
  /** The input matrix's rows (documents): W must have as many, or none (a streaming decomposer). */
  readonly rows?: number;
  /** The input matrix's columns (terms): H must have as many. */
  readonly cols?: number;
  /** The components asked for: H's rows and W's columns. */
  readonly components?: number;
  /** The decomposer promises factors ≥ 0 (NMF): its descriptor's `capabilities.nonNegative`. */
  readonly nonNegative?: boolean;
}

const STAGE = 'train';

/**
 * The boundary check on a decomposer's event stream, for every host that runs plugins (the pipeline, the
 * CLI): each `result` event must have W (rows × components) and H (components × cols) of the input's
 * shape and the components asked for, finite values (non-negative when the decomposer promises so), a
 * finite loss ≥ 0, an integer epoch count and boolean flags; a stream that completes without any result
 * is an error naming the decomposer. Nothing a plugin returns reaches the user unchecked, so a NaN loss
 * can never be printed as `"loss": null, "converged": true`.
 *
 * @example
 * ```ts
 * import { checkResults } from '@rivulet/core';
 * stage.apply(of(matrix)).pipe(checkResults({ decomposer: stage.name, rows: 100, cols: 50, components: 5 }));
 * ```
 * @throws (on the error channel) RivuletError `invalid-input` naming the decomposer, the field and the fault
 */
export function checkResults(options: ResultCheckOptions): MonoTypeOperatorFunction<TrainingEvent> {
  return (source) =>
    new Observable<TrainingEvent>((subscriber) => {
      let results = 0;
      return source.subscribe({
        next(event) {
          if (event !== null && typeof event === 'object' && event.type === 'result') {
            const problem = resultProblem(event, options);
            if (problem !== undefined) {
              subscriber.error(
                new RivuletError(
                  'invalid-input',
                  STAGE,
                  `decomposer ${JSON.stringify(options.decomposer)} returned a result whose ${problem}`,
                  { parameter: 'decomposer' },
                ),
              );
              return;
            }
            results++;
          }
          subscriber.next(event);
        },
        error: (error) => subscriber.error(error),
        complete() {
          if (results === 0) {
            subscriber.error(
              new RivuletError(
                'invalid-input',
                STAGE,
                `decomposer ${JSON.stringify(options.decomposer)} completed without a result event; a decomposer must end its stream with one`,
                { parameter: 'decomposer' },
              ),
            );
          } else subscriber.complete();
        },
      });
    });
}

interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

function isMatrix(m: unknown): m is MatrixLike {
  const x = m as MatrixLike;
  return (
    m !== null &&
    typeof m === 'object' &&
    Number.isInteger(x.rows) &&
    Number.isInteger(x.cols) &&
    x.rows >= 0 &&
    x.cols >= 0 &&
    x.data instanceof Float64Array &&
    x.data.length === x.rows * x.cols
  );
}

/** The first fault of a result event, as "<field> <fault>", or undefined. */
function resultProblem(event: ResultEvent, options: ResultCheckOptions): string | undefined {
  const { W, H, loss, epochs, converged, stopped } = event;
  for (const [name, m] of [
    ['W', W],
    ['H', H],
  ] as const) {
    if (!isMatrix(m)) return `${name} is not a DenseMatrix with rows × cols values, got ${describeValue(m)}`;
  }
  const k = options.components ?? H.rows;
  if (H.rows !== k || W.cols !== k) {
    return `W is ${W.rows} × ${W.cols} and H ${H.rows} × ${H.cols}, but ${options.components === undefined ? `H has ${H.rows} components` : `${k} components were asked for`}; W's columns and H's rows must both be ${k}`;
  }
  if (options.cols !== undefined && H.cols !== options.cols) {
    return `H is ${H.rows} × ${H.cols}, but the matrix has ${options.cols} columns (terms)`;
  }
  if (options.rows !== undefined && W.rows !== options.rows && W.rows !== 0) {
    return `W is ${W.rows} × ${W.cols}, but the matrix has ${options.rows} rows (documents)`;
  }
  for (const [name, m] of [
    ['W', W],
    ['H', H],
  ] as const) {
    const { data, cols } = m;
    for (let p = 0; p < data.length; p++) {
      const v = data[p];
      if (!Number.isFinite(v) || (options.nonNegative === true && v < 0)) {
        return `${name} holds ${describeValue(v)} at row ${Math.floor(p / cols)}, column ${p % cols}; ${name} must hold finite${options.nonNegative === true ? ' non-negative' : ''} values`;
      }
    }
  }
  if (typeof loss !== 'number' || !Number.isFinite(loss) || loss < 0) {
    return `loss is ${describeValue(loss)}; it must be a finite number ≥ 0`;
  }
  if (!Number.isInteger(epochs) || epochs < 0)
    return `epochs is ${describeValue(epochs)}; it must be an integer ≥ 0`;
  if (typeof converged !== 'boolean' || typeof stopped !== 'boolean') {
    return `converged and stopped are ${describeValue(converged)} and ${describeValue(stopped)}; they must be booleans`;
  }
  return undefined;
}
