import { bindActive, DECOMPOSER, PLUGINS, type PluginDescriptor } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { NmfMuDecomposer } from './NmfDecomposer.js';
import type { NmfOptions } from './NmfOptions.js';
import { NMF_MU_OPTIONS } from './tokens.js';

/** NMF options for a plugin module: the solver is the module's. */
export type NmfModuleOptions = Omit<NmfOptions, 'solver'>;

/**
 * The plugin `nmf-mu` (role `decomposer`): binds {@link NmfMuDecomposer} as the active `DECOMPOSER` with
 * `options` (validated when a matrix arrives, through the stream's error channel).
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { nmfMuModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([nmfMuModule({ components: 3 })]).get(DECOMPOSER);
 * ```
 */
export function nmfMuModule(options: NmfModuleOptions): ContainerModule {
  const descriptor: PluginDescriptor = {
    role: 'decomposer',
    name: 'nmf-mu',
    description:
      'NMF by multiplicative updates (Lee & Seung 2001), any β-divergence, as scikit-learn solver="mu"',
    create: (createOptions?: NmfModuleOptions) => new NmfMuDecomposer({ ...options, ...createOptions }),
  };
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue(descriptor);
    const bound = load.isBound(NMF_MU_OPTIONS) ? load.rebind(NMF_MU_OPTIONS) : load.bind(NMF_MU_OPTIONS);
    bound.toConstantValue(options);
    bindActive(load, DECOMPOSER, NmfMuDecomposer);
  });
}
