import { bindActive, DECOMPOSER, PLUGINS, type PluginDescriptor } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { NmfCdDecomposer } from './NmfDecomposer.js';
import type { NmfModuleOptions } from './nmfMuModule.js';
import { NMF_CD_OPTIONS } from './tokens.js';

/**
 * The plugin `nmf-cd` (role `decomposer`): binds {@link NmfCdDecomposer} as the active `DECOMPOSER` with
 * `options` (validated when a matrix arrives, through the stream's error channel).
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { nmfCdModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([nmfCdModule({ components: 3 })]).get(DECOMPOSER);
 * ```
 */
export function nmfCdModule(options: NmfModuleOptions): ContainerModule {
  const descriptor: PluginDescriptor = {
    role: 'decomposer',
    name: 'nmf-cd',
    description:
      'NMF by coordinate descent (Hsieh & Dhillon 2011), Frobenius loss, as scikit-learn solver="cd"',
    create: (createOptions?: NmfModuleOptions) => new NmfCdDecomposer({ ...options, ...createOptions }),
  };
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue(descriptor);
    const bound = load.isBound(NMF_CD_OPTIONS) ? load.rebind(NMF_CD_OPTIONS) : load.bind(NMF_CD_OPTIONS);
    bound.toConstantValue(options);
    bindActive(load, DECOMPOSER, NmfCdDecomposer);
  });
}
