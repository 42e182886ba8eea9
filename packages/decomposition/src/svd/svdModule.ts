import { bindActive, DECOMPOSER, PLUGINS, type PluginDescriptor } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { SVD_OPTIONS, SvdDecomposer } from './SvdDecomposer.js';
import type { SvdOptions } from './SvdOptions.js';

/**
 * The plugin `svd` (role `decomposer`): binds {@link SvdDecomposer} as the active `DECOMPOSER` with
 * `options` (validated when a matrix arrives, through the stream's error channel). Loading it after an NMF
 * module swaps the decomposer without touching the pipeline code.
 *
 * @example
 * ```ts
 * import { createContainer, DECOMPOSER } from '@rivulet/core';
 * import { svdModule } from '@rivulet/decomposition';
 * const decomposer = createContainer([svdModule({ components: 100 })]).get(DECOMPOSER);
 * ```
 */
export function svdModule(options: SvdOptions): ContainerModule {
  const descriptor: PluginDescriptor = {
    role: 'decomposer',
    name: 'svd',
    description:
      'Truncated SVD / LSA by randomized power iterations (Halko et al. 2011), as scikit-learn TruncatedSVD',
    create: (createOptions?: Partial<SvdOptions>) => new SvdDecomposer({ ...options, ...createOptions }),
  };
  return new ContainerModule((load) => {
    load.bind(PLUGINS).toConstantValue(descriptor);
    const bound = load.isBound(SVD_OPTIONS) ? load.rebind(SVD_OPTIONS) : load.bind(SVD_OPTIONS);
    bound.toConstantValue(options);
    bindActive(load, DECOMPOSER, SvdDecomposer);
  });
}
