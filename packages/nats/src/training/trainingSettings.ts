import {
  type DocTermMatrix,
  integerOption,
  invalidOption,
  knownOptions,
  numberOption,
  oneOfOption,
  RivuletError,
  type TextDocument,
} from '@rivulet/core';
import type { OnlineNmfOptions } from '@rivulet/decomposition';
import { createTokenizer, type SharedTokenizerOptions } from '@rivulet/tokenizer';
import { FittedVectorizer, type FittedVectorizerJSON, hashingVectorize } from '@rivulet/vectorizer';
import { lastValueFrom, of } from 'rxjs';
import { checkName } from '../documentStream.js';

/**
 * What every process of one distributed online NMF training agrees on. The coordinator stores it with
 * every checkpoint (`settings.json`); workers read it from there, so they need only the server, the
 * document stream and the model's name.
 */
export interface DistributedNmfSettings {
  readonly format: 'rivulet-distributed-nmf/1';
  /** The document stream the batches come from (one message = one batch). */
  readonly stream: string;
  /** Online NMF options (Frobenius): components, seed, forgetFactor, alphaW, alphaH, l1Ratio, … */
  readonly nmf: {
    readonly components: number;
    readonly seed: number;
    readonly forgetFactor: number;
    readonly alphaW: number;
    readonly alphaH: number | 'same';
    readonly l1Ratio: number;
    readonly freshRestartsMaxIter: number;
    readonly tol: number;
  };
  /** Tokenizer options (JSON: `lang`, `lowercase`, `stopWords` as 'en' | 'zh' | words, `ngram`, `dictionary`). */
  readonly tokenizer: SharedTokenizerOptions;
  /** Hash buckets (columns) when no vocabulary is fixed; 2¹⁸ by default. */
  readonly nFeatures: number;
  /** A vocabulary fixed in the store instead of hashing (a `FittedVectorizer`'s JSON). */
  readonly vocabulary: FittedVectorizerJSON | null;
  /**
   * `async`: statistics are applied as they come, up to `maxStaleness` statistics messages between the H a
   * worker used and its own message; `rounds`: each round of `roundSize` messages is solved against one H.
   */
  readonly mode: 'async' | 'rounds';
  readonly maxStaleness: number;
  readonly roundSize: number;
  /** Statistics above this many bytes go to the object store instead of into the message. */
  readonly inlineLimit: number;
}

/** Options of a training, as given to the coordinator on its first start. */
export interface DistributedNmfOptions {
  readonly stream: string;
  readonly components: number;
  readonly seed?: number;
  readonly forgetFactor?: number;
  readonly alphaW?: number;
  readonly alphaH?: number | 'same';
  readonly l1Ratio?: number;
  readonly freshRestartsMaxIter?: number;
  readonly tol?: number;
  readonly tokenizer?: SharedTokenizerOptions;
  readonly nFeatures?: number;
  readonly vocabulary?: FittedVectorizerJSON;
  readonly mode?: 'async' | 'rounds';
  /** async mode: default 128 (above the coordinator's `checkpointEvery`, which bounds a worker's lag). */
  readonly maxStaleness?: number;
  /** rounds mode: statistics messages per round, default 4. */
  readonly roundSize?: number;
  /** Default 900 KiB, under the default 1 MiB `max_payload`. */
  readonly inlineLimit?: number;
}

export const SETTINGS_FORMAT = 'rivulet-distributed-nmf/1';

/** Checks a training's options and fills in the defaults. */
export function distributedNmfSettings(
  stage: string,
  options: DistributedNmfOptions,
): DistributedNmfSettings {
  knownOptions(stage, options, [
    'stream',
    'components',
    'seed',
    'forgetFactor',
    'alphaW',
    'alphaH',
    'l1Ratio',
    'freshRestartsMaxIter',
    'tol',
    'tokenizer',
    'nFeatures',
    'vocabulary',
    'mode',
    'maxStaleness',
    'roundSize',
    'inlineLimit',
  ]);
  const alphaH = options.alphaH ?? 'same';
  if (alphaH !== 'same') numberOption(stage, 'alphaH', alphaH, { min: 0 });
  const tokenizer = options.tokenizer ?? {};
  // Built once here so a bad tokenizer option fails at the coordinator, not in every worker.
  createTokenizer(tokenizer);
  if (tokenizer.stopWords instanceof Set)
    invalidOption(stage, 'tokenizer.stopWords', "'en', 'zh' or an array", tokenizer.stopWords);
  const vocabulary = options.vocabulary ?? null;
  if (vocabulary !== null) FittedVectorizer.fromJSON(vocabulary);
  const settings: DistributedNmfSettings = {
    format: SETTINGS_FORMAT,
    stream: checkName(stage, 'stream', options.stream),
    nmf: {
      components: integerOption(stage, 'components', options.components, { min: 1, max: 10_000 }),
      seed: integerOption(stage, 'seed', options.seed ?? 0, { min: 0 }),
      forgetFactor: numberOption(stage, 'forgetFactor', options.forgetFactor ?? 0.7, { min: 0, max: 1 }),
      alphaW: numberOption(stage, 'alphaW', options.alphaW ?? 0, { min: 0 }),
      alphaH,
      l1Ratio: numberOption(stage, 'l1Ratio', options.l1Ratio ?? 0, { min: 0, max: 1 }),
      freshRestartsMaxIter: integerOption(stage, 'freshRestartsMaxIter', options.freshRestartsMaxIter ?? 30, {
        min: 1,
      }),
      tol: numberOption(stage, 'tol', options.tol ?? 1e-4, { min: 0 }),
    },
    tokenizer: { ...tokenizer, stopWords: tokenizer.stopWords === undefined ? null : tokenizer.stopWords },
    nFeatures: integerOption(stage, 'nFeatures', options.nFeatures ?? 2 ** 18, { min: 1, max: 2 ** 31 - 1 }),
    vocabulary,
    mode: oneOfOption(stage, 'mode', options.mode ?? 'async', ['async', 'rounds'] as const),
    maxStaleness: integerOption(stage, 'maxStaleness', options.maxStaleness ?? 128, { min: 0 }),
    roundSize: integerOption(stage, 'roundSize', options.roundSize ?? 4, { min: 1, max: 100_000 }),
    inlineLimit: integerOption(stage, 'inlineLimit', options.inlineLimit ?? 900 * 1024, { min: 0 }),
  };
  return settings;
}

/** Reads the `settings.json` of a checkpoint. */
export function parseSettings(
  stage: string,
  where: string,
  bytes: Uint8Array | undefined,
): DistributedNmfSettings {
  let parsed: DistributedNmfSettings | undefined;
  try {
    parsed =
      bytes === undefined
        ? undefined
        : (JSON.parse(new TextDecoder().decode(bytes)) as DistributedNmfSettings);
  } catch {
    parsed = undefined;
  }
  if (parsed?.format !== SETTINGS_FORMAT) {
    throw new RivuletError(
      'model-format',
      stage,
      `${where}: settings.json is missing or not a ${SETTINGS_FORMAT} record`,
    );
  }
  return parsed;
}

/** The OnlineNmf options of a training. */
export function onlineNmfOptions(settings: DistributedNmfSettings): OnlineNmfOptions {
  const { components, seed, forgetFactor, alphaW, alphaH, l1Ratio, freshRestartsMaxIter, tol } = settings.nmf;
  return {
    components,
    seed,
    forgetFactor,
    alphaW,
    alphaH,
    l1Ratio,
    freshRestartsMaxIter,
    tol,
    freshRestarts: true,
  };
}

/** Tokenizes and vectorizes a batch the way every process of the training does. */
export function batchVectorizer(
  settings: DistributedNmfSettings,
): (documents: readonly TextDocument[]) => Promise<DocTermMatrix> {
  const tokenize = createTokenizer(settings.tokenizer);
  const fitted = settings.vocabulary === null ? undefined : FittedVectorizer.fromJSON(settings.vocabulary);
  const hashing = hashingVectorize({ nFeatures: settings.nFeatures, alternateSign: false, maxTerms: 0 });
  return async (documents) => {
    const tokenized = documents.map((d) => ({ id: d.id, tokens: tokenize(d.text) }));
    if (fitted !== undefined) return fitted.transform(tokenized);
    return lastValueFrom(of(tokenized).pipe(hashing));
  };
}

/**
 * Whether statistics published as message `seq` of the statistics stream, computed against H version
 * `version`, are applied. Worker and coordinator evaluate the same rule on the same two numbers, so a
 * worker knows from its publish acknowledgement alone whether to acknowledge its documents or requeue them.
 * `base` is the statistics stream's last sequence when the training began (version 0).
 *
 * - async: at most `maxStaleness` statistics messages lie between the H and the message.
 * - rounds: the message falls in the round that began at `version` — rounds are the sequences
 *   (base + r·R, base + (r+1)·R].
 */
export function accepted(
  settings: DistributedNmfSettings,
  base: number,
  seq: number,
  version: number,
): boolean {
  if (seq <= version) return false;
  if (settings.mode === 'async') return seq - 1 - version <= settings.maxStaleness;
  return roundStart(settings, base, seq) === version;
}

/** The version a synchronous round holding message `seq` is solved against. */
export function roundStart(settings: DistributedNmfSettings, base: number, seq: number): number {
  return base + Math.floor((seq - 1 - base) / settings.roundSize) * settings.roundSize;
}

/** The statistics stream, its subject, its consumer and the object store bucket of a training `model`. */
export function trainingNames(model: string): {
  statsStream: string;
  statsSubject: string;
  consumer: string;
  objects: string;
} {
  return {
    statsStream: `${model}_STATS`,
    statsSubject: `rivulet.stats.${model}`,
    consumer: 'coordinator',
    objects: `${model}_STATS_OBJECTS`,
  };
}
