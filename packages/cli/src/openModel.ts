import { RivuletError } from '@rivulet/core';
import { TopicModel } from '@rivulet/model';
import { CLI } from './CliError.js';
import { loadPlugins, warnUnused } from './loadPlugins.js';
import type { CommandLine } from './parseCommandLine.js';
import type { CommandIO } from './topicsCommand.js';

/**
 * The model of `--model DIR`, loaded by `TopicModel.load` with the built-in plugins and each `--plugin`
 * (the model names its plugins; one that none of them registers is an error naming it). Warnings about
 * its use (another ICU than it was made with) go to stderr.
 */
export async function openModel(dir: string, line: CommandLine, io: CommandIO): Promise<TopicModel> {
  const plugin = line.values.plugin;
  const plugins = await loadPlugins(Array.isArray(plugin) ? plugin : []);
  const model = await TopicModel.load(dir, { plugins: plugins.modules, onWarning: io.warn });
  const { documentFilters, tokenizer, filters, vectorizer, decomposer } = model.pipeline;
  const names = (choice: { name: string } | null) => (choice ? [choice.name] : []);
  warnUnused(
    plugins,
    line.command ?? 'transform',
    {
      'document-filter': documentFilters.map((f) => f.name),
      tokenizer: names(tokenizer),
      'token-filter': filters.map((f) => f.name),
      vectorizer: names(vectorizer),
      decomposer: names(decomposer),
    },
    io.warn,
  );
  return model;
}

/** The model's column count must be the matrix's (a Matrix Market corpus for a model trained on one). */
export function checkColumns(dir: string, model: TopicModel, cols: number): void {
  if (cols !== model.vocabulary.length) {
    throw new RivuletError(
      'model-format',
      CLI,
      `model ${JSON.stringify(dir)} has ${model.vocabulary.length} terms but the corpus matrix has ${cols} columns`,
      { parameter: '--model' },
    );
  }
}
