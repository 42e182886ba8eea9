import { RivuletError } from '@rivulet/core';
import type { OnlineNmfState } from '@rivulet/decomposition';
import type { NatsModelStore } from '../NatsModelStore.js';
import { type DistributedNmfSettings, parseSettings } from './trainingSettings.js';

/** How many entries of the application log a checkpoint keeps (the most recent ones). */
export const LOG_LIMIT = 100_000;

/** The coordinator's bookkeeping, saved with H and its sums in every checkpoint (`state.json`). */
export interface TrainingProgress {
  readonly format: 'rivulet-distributed-nmf-state/1';
  /** The statistics stream's last sequence when the training began: H version 0. */
  readonly base: number;
  /** The last statistics message applied or skipped; the H version of this checkpoint. */
  readonly lastSeq: number;
  /** Batches (statistics) applied, documents in them. */
  readonly batches: number;
  readonly documents: number;
  /** Statistics refused as too stale (their documents were requeued by their worker). */
  readonly rejected: number;
  /** Statistics of a batch already applied (a worker died between publishing and acknowledging). */
  readonly duplicates: number;
  /** Round fillers seen (rounds mode). */
  readonly fillers: number;
  /** Messages on the statistics subject that were not statistics (skipped and reported). */
  readonly malformed?: number;
  /** Largest staleness of an applied statistic, in statistics messages. */
  readonly maxStaleness: number;
  /** Document-stream sequences (batch ids) applied, as merged [first, last] ranges. */
  readonly applied: readonly (readonly [number, number])[];
  /** The last `LOG_LIMIT` applications in order: [batch id, H version it was solved against, stats sequence]. */
  readonly log: readonly (readonly [number, number, number])[];
}

/** Batch ids as sorted, merged ranges: ids arrive nearly in order, so this stays small. */
export class SequenceSet {
  private ranges: [number, number][];

  constructor(ranges: readonly (readonly [number, number])[] = []) {
    this.ranges = ranges.map(([a, b]) => [a, b]);
  }

  has(n: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid];
      if (n < a) hi = mid - 1;
      else if (n > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  add(n: number): void {
    if (this.has(n)) return;
    let i = 0;
    while (i < this.ranges.length && this.ranges[i][1] < n) i++;
    const before = this.ranges[i - 1];
    const after = this.ranges[i];
    if (before !== undefined && before[1] === n - 1) {
      before[1] = n;
      if (after !== undefined && after[0] === n + 1) {
        before[1] = after[1];
        this.ranges.splice(i, 1);
      }
    } else if (after !== undefined && after[0] === n + 1) after[0] = n;
    else this.ranges.splice(i, 0, [n, n]);
  }

  toJSON(): [number, number][] {
    return this.ranges.map(([a, b]) => [a, b]);
  }
}

const STATE_FORMAT = 'rivulet-distributed-nmf-state/1';

const bytesOf = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The files of a checkpoint: settings, bookkeeping and H, A, B as little-endian doubles. */
export function checkpointFiles(
  settings: DistributedNmfSettings,
  state: OnlineNmfState,
  progress: TrainingProgress,
): Map<string, Uint8Array> {
  return new Map([
    ['settings.json', json(settings)],
    [
      'state.json',
      json({ ...progress, components: state.components, columns: state.columns, steps: state.steps }),
    ],
    ['H.f64', bytesOf(state.H)],
    ['A.f64', bytesOf(state.A)],
    ['B.f64', bytesOf(state.B)],
  ]);
}

/** What the model store's pointer meta says of a checkpoint (read without downloading it). */
export interface CheckpointMeta {
  readonly version: number;
  readonly base: number;
  readonly steps: number;
  readonly batches: number;
  readonly documents: number;
}

export function readMeta(
  stage: string,
  model: string,
  meta: Readonly<Record<string, unknown>>,
): CheckpointMeta {
  const { version, base, steps, batches, documents } = meta as Record<string, number>;
  if (![version, base, steps, batches, documents].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RivuletError(
      'model-format',
      stage,
      `model ${JSON.stringify(model)} in the store is not a distributed online NMF checkpoint (its meta has no version)`,
    );
  }
  return { version, base, steps, batches, documents };
}

const doubles = (
  stage: string,
  name: string,
  bytes: Uint8Array | undefined,
  length: number,
): Float64Array => {
  if (bytes === undefined || bytes.length !== length * 8) {
    throw new RivuletError(
      'model-format',
      stage,
      `${name} holds ${bytes?.length ?? 0} bytes, expected ${length * 8} (${length} doubles)`,
    );
  }
  // Copied into a buffer of its own: the client may hand back a view into a larger (pooled) buffer.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
};

/** A checkpoint read back: settings, H (and A, B when asked for), progress. */
export interface Checkpoint {
  readonly settings: DistributedNmfSettings;
  readonly progress: TrainingProgress;
  readonly state: OnlineNmfState;
  readonly meta: CheckpointMeta;
  /** The model store's version id and pointer revision, for the next compare-and-set. */
  readonly versionId: string;
  readonly revision: number;
}

/** Reads the current checkpoint of `model`, or `undefined` when none. Workers skip A and B (`sums: false`). */
export async function readCheckpoint(
  stage: string,
  store: NatsModelStore,
  model: string,
  sums: boolean,
): Promise<Checkpoint | undefined> {
  const pointer = await store.current(model);
  if (pointer === undefined) return undefined;
  const meta = readMeta(stage, model, pointer.meta);
  const names = sums
    ? ['settings.json', 'state.json', 'H.f64', 'A.f64', 'B.f64']
    : ['settings.json', 'state.json', 'H.f64'];
  const files = await store.get(model, pointer.version, names);
  const where = `model ${JSON.stringify(model)} version ${pointer.version}`;
  const settings = parseSettings(stage, where, files.get('settings.json'));
  let progress: TrainingProgress & { components: number; columns: number; steps: number };
  try {
    progress = JSON.parse(new TextDecoder().decode(files.get('state.json')));
  } catch {
    throw new RivuletError('model-format', stage, `${where}: state.json is not JSON`);
  }
  if (progress?.format !== STATE_FORMAT || progress.components !== settings.nmf.components) {
    throw new RivuletError(
      'model-format',
      stage,
      `${where}: state.json is not a ${STATE_FORMAT} record of this training`,
    );
  }
  const size = progress.components * progress.columns;
  const H = doubles(stage, `${where}: H.f64`, files.get('H.f64'), size);
  const state: OnlineNmfState = {
    components: progress.components,
    columns: progress.columns,
    steps: progress.steps,
    H,
    A: sums ? doubles(stage, `${where}: A.f64`, files.get('A.f64'), size) : H,
    B: sums ? doubles(stage, `${where}: B.f64`, files.get('B.f64'), size) : H,
  };
  return { settings, progress, state, meta, versionId: pointer.version, revision: pointer.revision };
}
