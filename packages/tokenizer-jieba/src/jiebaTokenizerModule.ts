import { bindActive, PLUGINS, type PluginDescriptor, TOKENIZER } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { JIEBA_TOKENIZER_OPTIONS, JiebaTokenizer } from './JiebaTokenizer.js';
import type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';

/**
 * The plugin (role `tokenizer`, name `jieba`): binds {@link JiebaTokenizer} as the active `TOKENIZER`
 * with these options and registers its descriptor on `PLUGINS`; `create(options)` takes the module's
 * options overridden key by key by the call's.
 *
 * @example
 * ```ts
 * import { createContainer, PIPELINE } from '@rivulet/core';
 * import { jiebaTokenizerModule } from '@rivulet/tokenizer-jieba';
 * const rivulet = createContainer([jiebaTokenizerModule({ stopWords: 'zh' }), vectorizerModule(), nmfCdModule({ components: 3 })]);
 * ```
 */
export function jiebaTokenizerModule(options: JiebaTokenizerOptions = {}): ContainerModule {
  const descriptor: PluginDescriptor = {
    role: 'tokenizer',
    name: 'jieba',
    description:
      'Chinese words by jieba (@node-rs/jieba, its own dictionary), other text by the default word rule; user dictionary, stop words and n-grams',
    create: (created?: JiebaTokenizerOptions) => new JiebaTokenizer({ ...options, ...created }),
  };
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue(descriptor);
    const syntax = load.isBound(JIEBA_TOKENIZER_OPTIONS)
      ? load.rebind(JIEBA_TOKENIZER_OPTIONS)
      : load.bind(JIEBA_TOKENIZER_OPTIONS);
    syntax.toConstantValue(options);
    bindActive(load, TOKENIZER, JiebaTokenizer);
  });
}
