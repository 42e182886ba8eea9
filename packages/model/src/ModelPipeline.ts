import { describeValue, RivuletError } from '@rivulet/core';

/** A plugin by its registered name, with the options its stage is created with. */
export interface PluginChoice {
  readonly name: string;
  /** Plain JSON data: it is saved in the model and given back to the plugin's `create` on load. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A plugin chosen by name alone (its default options) or by name and options. */
export type PluginSpec = string | PluginChoice;

/**
 * The whole pipeline of a {@link TopicModel}, as saved in its model file: which plugin fills each role,
 * with which options. Names only — a model never names code; `TopicModel.load` looks the names up among
 * the plugin modules its caller passes.
 */
export interface ModelPipeline {
  /**
   * Document filters (role `document-filter`) before the tokenizer, in order: they rewrite or drop
   * documents (clean mark-up, detect a language, dedupe). Empty for a model trained on a ready matrix.
   */
  readonly documentFilters: readonly PluginChoice[];
  /** `null` for a model trained on a ready document-term matrix, which cannot read text. */
  readonly tokenizer: PluginChoice | null;
  /** Token filters between tokenizer and vectorizer, in order. */
  readonly filters: readonly PluginChoice[];
  /** `null` for a model trained on a ready document-term matrix. */
  readonly vectorizer: PluginChoice | null;
  /** Its options include `components`. */
  readonly decomposer: PluginChoice;
}

/** `'nmf-cd'` → `{ name: 'nmf-cd', options: {} }`, checking the shape. */
export function pluginChoice(stage: string, parameter: string, spec: unknown): PluginChoice {
  if (typeof spec === 'string' && spec.length > 0) return { name: spec, options: {} };
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const { name, options } = spec as { name?: unknown; options?: unknown };
    const okOptions =
      options === undefined || (options !== null && typeof options === 'object' && !Array.isArray(options));
    if (typeof name === 'string' && name.length > 0 && okOptions) {
      return { name, options: { ...((options as Record<string, unknown>) ?? {}) } };
    }
  }
  throw new RivuletError(
    'invalid-option',
    stage,
    `${parameter} must be a plugin name or { name, options }, got ${describeValue(spec)}`,
    { parameter },
  );
}
