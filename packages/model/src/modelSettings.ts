import { describeValue, RivuletError } from '@rivulet/core';
import type { ModelPipeline, PluginChoice } from './ModelPipeline.js';

const STAGE = 'TopicModel';

/** `settings.kind` of a model file written by {@link TopicModel.save}. */
export const TOPIC_MODEL_KIND = 'rivulet-topic-model';

/** How training ended, as the decomposer's result reported it. */
export interface TrainingSummary {
  readonly loss: number;
  readonly epochs: number;
  readonly converged: boolean;
  readonly stopped: boolean;
}

type Json = Record<string, unknown>;

/**
 * The pipeline recorded in a model's settings, checked field by field: `{ kind: 'rivulet-topic-model',
 * pipeline, training }` as {@link TopicModel.save} writes it, or the settings `rivulet topics --save` wrote
 * in Rivulet 0.1 (model format 1: `tool: 'rivulet-cli'`, the tokenizer options, the whole fitted vectorizer
 * — whose vocabulary and idf duplicate the model's own — and the decomposer's name and options).
 * @throws RivuletError `model-format` naming the directory and the field
 */
export function pipelineFromSettings(
  dir: string,
  settings: Json,
): { pipeline: ModelPipeline; training: TrainingSummary | undefined } {
  const bad = (what: string): never => {
    throw new RivuletError('model-format', STAGE, `model ${JSON.stringify(dir)} ${what}`, {
      parameter: 'settings',
    });
  };
  if (settings.kind === TOPIC_MODEL_KIND) {
    const p = settings.pipeline;
    if (!isObject(p)) return bad(`has no pipeline (settings.pipeline is ${describeValue(p)})`);
    const choice = (value: unknown, field: string): PluginChoice => {
      if (!isObject(value) || typeof value.name !== 'string' || value.name === '') {
        return bad(`names no plugin in ${field} (expected { name, options }, got ${describeValue(value)})`);
      }
      if (value.options !== undefined && !isObject(value.options)) {
        return bad(`has ${field}.options that are not an object (${describeValue(value.options)})`);
      }
      return { name: value.name, options: (value.options as Json | undefined) ?? {} };
    };
    const orNull = (value: unknown, field: string) => (value === null ? null : choice(value, field));
    if (!Array.isArray(p.filters))
      bad(`has settings.pipeline.filters that is not an array (${describeValue(p.filters)})`);
    // Absent in models saved before document filters existed: none ran.
    const documentFilters = p.documentFilters ?? [];
    if (!Array.isArray(documentFilters)) {
      bad(`has settings.pipeline.documentFilters that is not an array (${describeValue(documentFilters)})`);
    }
    const pipeline: ModelPipeline = {
      documentFilters: (documentFilters as unknown[]).map((f, i) =>
        choice(f, `pipeline.documentFilters[${i}]`),
      ),
      tokenizer: orNull(p.tokenizer, 'pipeline.tokenizer'),
      filters: (p.filters as unknown[]).map((f, i) => choice(f, `pipeline.filters[${i}]`)),
      vectorizer: orNull(p.vectorizer, 'pipeline.vectorizer'),
      decomposer: choice(p.decomposer, 'pipeline.decomposer'),
    };
    if ((pipeline.tokenizer === null) !== (pipeline.vectorizer === null)) {
      bad('has a tokenizer without a vectorizer or the reverse');
    }
    return { pipeline, training: trainingSummary(settings.training, bad) };
  }
  if (settings.tool === 'rivulet-cli') {
    if (typeof settings.decomposer !== 'string' || settings.decomposer === '') bad('names no decomposer');
    const decomposerOptions = settings.decomposerOptions ?? {};
    if (!isObject(decomposerOptions)) bad(`has decomposerOptions that are not an object`);
    const tokenizer = settings.tokenizer ?? null;
    const vectorizer = settings.vectorizer ?? null;
    if (tokenizer !== null && !isObject(tokenizer)) bad(`has tokenizer settings that are not an object`);
    if (vectorizer !== null && !(isObject(vectorizer) && isObject(vectorizer.options))) {
      bad('holds an unreadable vectorizer (no options)');
    }
    if ((tokenizer === null) !== (vectorizer === null))
      bad('has a tokenizer without a vectorizer or the reverse');
    return {
      pipeline: {
        documentFilters: [],
        tokenizer: tokenizer === null ? null : { name: 'default', options: tokenizer as Json },
        filters: [],
        vectorizer:
          vectorizer === null ? null : { name: 'default', options: (vectorizer as Json).options as Json },
        decomposer: { name: settings.decomposer as string, options: decomposerOptions as Json },
      },
      training: undefined,
    };
  }
  return bad(
    `was not saved by TopicModel.save or rivulet topics --save (settings.kind is ${describeValue(settings.kind)})`,
  );
}

function trainingSummary(value: unknown, bad: (what: string) => never): TrainingSummary | undefined {
  if (value === undefined) return undefined;
  if (
    !isObject(value) ||
    typeof value.loss !== 'number' ||
    typeof value.epochs !== 'number' ||
    typeof value.converged !== 'boolean' ||
    typeof value.stopped !== 'boolean'
  ) {
    return bad(
      `has settings.training that is not { loss, epochs, converged, stopped } (${describeValue(value)})`,
    );
  }
  return { loss: value.loss, epochs: value.epochs, converged: value.converged, stopped: value.stopped };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
