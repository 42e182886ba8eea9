import { bindActive, PLUGINS, type PluginDescriptor, VECTORIZER } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { VECTORIZER_OPTIONS, Vectorizer } from './Vectorizer.js';
import type { VectorizerOptions } from './VectorizerOptions.js';

/**
 * The plugin module of the default vectorizer: registers the `default` vectorizer plugin and makes
 * {@link Vectorizer}, with `options`, the active {@link VECTORIZER}. Options are validated when the stage
 * is applied, so a bad option reaches the subscriber as an `invalid-option` error.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { vectorizerModule } from '@rivulet/vectorizer';
 * const rivulet = createContainer([vectorizerModule({ weighting: 'tfidf', minDf: 2 })]);
 * ```
 */
export function vectorizerModule(options: VectorizerOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    const descriptor: PluginDescriptor = {
      role: 'vectorizer',
      name: 'default',
      description: 'Vocabulary + binary/count/TF-IDF document-term matrix with scikit-learn semantics',
      create: (createOptions?: VectorizerOptions) => new Vectorizer(createOptions ?? options),
    };
    load.bind(PLUGINS).toConstantValue(descriptor);
    const bound = load.isBound(VECTORIZER_OPTIONS)
      ? load.rebind(VECTORIZER_OPTIONS)
      : load.bind(VECTORIZER_OPTIONS);
    bound.toConstantValue(options);
    bindActive(load, VECTORIZER, Vectorizer);
  });
}
