import { nmfCdModule, nmfMuModule, svdModule } from '@rivulet/decomposition';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import type { ContainerModule } from 'inversify';

/**
 * The plugin modules Rivulet ships for a topic model: the `default` tokenizer and vectorizer and the
 * `nmf-mu`, `nmf-cd` and `svd` decomposers. `TopicModel.fit` and `TopicModel.load` resolve plugin names
 * among these unless given their own list; pass `[...builtInPlugins(), myModule()]` to add to them (a
 * later module with the same role and name replaces an earlier one).
 *
 * @example
 * ```ts
 * import { builtInPlugins, TopicModel } from '@rivulet/model';
 * const model = await TopicModel.load('models/news', { plugins: [...builtInPlugins(), kmeansModule()] });
 * ```
 */
export function builtInPlugins(): ContainerModule[] {
  // Without module options: a model creates each stage with its own (the create rule fills nothing in).
  return [tokenizerModule(), vectorizerModule(), nmfMuModule(), nmfCdModule(), svdModule()];
}
