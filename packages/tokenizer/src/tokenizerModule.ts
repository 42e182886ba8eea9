import { bindActive, PLUGINS, type PluginDescriptor, TOKENIZER } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { TOKENIZER_OPTIONS, Tokenizer } from './Tokenizer.js';
import type { TokenizerOptions } from './TokenizerOptions.js';

/**
 * The tokenizer plugin (role `tokenizer`, name `default`): binds {@link Tokenizer} as the active
 * `TOKENIZER` with these options, and registers its descriptor on `PLUGINS`. Options are validated when
 * the stage's stream is subscribed.
 *
 * @example
 * ```ts
 * import { createContainer, PIPELINE } from '@rivulet/core';
 * import { tokenizerModule } from '@rivulet/tokenizer';
 * const rivulet = createContainer([tokenizerModule({ lang: 'zh', stopWords: 'zh' }), vectorizerModule(), nmfMuModule({ components: 3 })]);
 * ```
 */
export function tokenizerModule(options: TokenizerOptions = {}): ContainerModule {
  const descriptor: PluginDescriptor = {
    role: 'tokenizer',
    name: 'default',
    description:
      'Unicode words (scikit-learn token_pattern) and Intl.Segmenter for Chinese/Japanese, with a user dictionary, stop words and n-grams',
    create: (created?: TokenizerOptions) => new Tokenizer(created ?? {}),
  };
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue(descriptor);
    const syntax = load.isBound(TOKENIZER_OPTIONS)
      ? load.rebind(TOKENIZER_OPTIONS)
      : load.bind(TOKENIZER_OPTIONS);
    syntax.toConstantValue(options);
    bindActive(load, TOKENIZER, Tokenizer);
  });
}
