import {
  describeValue,
  integerOption,
  invalidOption,
  knownOptions,
  type Neighbour,
  numberOption,
  RivuletError,
} from '@rivulet/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import { LiveSimilarityIndex } from '../LiveSimilarityIndex.js';

const STAGE = 'nearestNeighbours';

/** A document as a row, e.g. its W row from `transformNmf`. */
export interface RowDocument {
  readonly id: string;
  readonly row: ArrayLike<number>;
}

/** An incoming document with its nearest earlier documents, best first. */
export interface DocumentNeighbours {
  readonly id: string;
  readonly neighbours: Neighbour[];
}

/** Options of {@link nearestNeighbours}. */
export interface NearestNeighboursOptions {
  /** How many neighbours per document, an integer ≥ 1. */
  readonly k: number;
  /**
   * The index to query and grow (default: a new empty one per subscription). Pass one to start from
   * rows already indexed or to query it from elsewhere while the stream runs.
   */
  readonly index?: LiveSimilarityIndex;
  /**
   * Only neighbours with a cosine ≥ threshold, in [−1, 1]: near-duplicate detection, where a non-empty
   * `neighbours` marks a document as a near-duplicate of those earlier ones.
   */
  readonly threshold?: number;
}

/**
 * For each incoming document, its `k` nearest earlier documents by cosine: the index is queried before
 * the document is added, so a document never finds itself and neighbours always come earlier in the
 * stream. Every document is emitted, in order, with `neighbours` possibly empty.
 *
 * Bad options error the stream with `invalid-option` on subscription; a malformed document (no string
 * id, a row of another dimension, a non-finite value) errors it with `invalid-input`, and so does an
 * all-zero row, which has no nearest neighbours (a text with no known term): filter such rows out first.
 *
 * @example
 * ```ts
 * import { nearestNeighbours } from '@rivulet/similarity';
 * import { filter, from } from 'rxjs';
 * from([{ id: 'a', row: [1, 0] }, { id: 'b', row: [0, 1] }, { id: 'c', row: [1, 0.01] }])
 *   .pipe(nearestNeighbours({ k: 1, threshold: 0.99 }), filter((d) => d.neighbours.length > 0))
 *   .subscribe((d) => console.log(d.id, 'duplicates', d.neighbours[0].id)); // c duplicates a
 * ```
 */
export function nearestNeighbours(
  options: NearestNeighboursOptions,
): OperatorFunction<RowDocument, DocumentNeighbours> {
  return (source) =>
    defer(() => {
      knownOptions(STAGE, options, ['k', 'index', 'threshold']);
      const k = integerOption(STAGE, 'k', options?.k, { min: 1 });
      const threshold =
        options.threshold === undefined
          ? undefined
          : numberOption(STAGE, 'threshold', options.threshold, { min: -1, max: 1 });
      if (options.index !== undefined && !LiveSimilarityIndex.is(options.index)) {
        invalidOption(STAGE, 'index', 'a LiveSimilarityIndex', options.index);
      }
      const index = options.index ?? new LiveSimilarityIndex();
      const queryOptions = threshold === undefined ? {} : { threshold };
      return source.pipe(
        map((doc) => {
          if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string') {
            const got =
              typeof doc === 'object' && doc !== null
                ? `an object whose id is ${describeValue((doc as { id?: unknown }).id)}`
                : describeValue(doc);
            throw new RivuletError(
              'invalid-input',
              STAGE,
              `each input must be { id: string, row: number[] }, got ${got}`,
              { parameter: 'id' },
            );
          }
          const neighbours = index.query(doc.row, k, queryOptions);
          index.add(doc.id, doc.row);
          return { id: doc.id, neighbours };
        }),
      );
    });
}
