import { bindActive, PLUGINS, VECTORIZER } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { HASHING_VECTORIZER_OPTIONS, HashingVectorizer } from './HashingVectorizer.js';
import type { HashingVectorizerOptions } from './hashingOptions.js';

/**
 * Plugin module of the hashing vectorizer: registers it as vectorizer `hashing` and makes it the active
 * vectorizer.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { hashingVectorizerModule } from '@rivulet/vectorizer';
 * const rivulet = createContainer([tokenizerModule(), hashingVectorizerModule({ alternateSign: false })]);
 * ```
 */
export function hashingVectorizerModule(options: HashingVectorizerOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    const bound = load.isBound(HASHING_VECTORIZER_OPTIONS);
    (bound ? load.rebind(HASHING_VECTORIZER_OPTIONS) : load.bind(HASHING_VECTORIZER_OPTIONS)).toConstantValue(
      options,
    );
    load.bind(PLUGINS).toConstantValue({
      role: 'vectorizer',
      name: 'hashing',
      description: 'feature hashing (scikit-learn HashingVectorizer): stateless, streams in batches',
      create: (o?: HashingVectorizerOptions) => new HashingVectorizer(o ?? options),
    });
    bindActive(load, VECTORIZER, HashingVectorizer);
  });
}
