import { bindActive, DECOMPOSER, PLUGINS } from '@rivulet/core';
import { ContainerModule } from 'inversify';
import { ONLINE_NMF_OPTIONS, OnlineNmfDecomposer } from './OnlineNmfDecomposer.js';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';

/**
 * Plugin module of online NMF: registers decomposer `nmf-online` and makes it the active decomposer.
 *
 * @example
 * ```ts
 * import { createContainer } from '@rivulet/core';
 * import { onlineNmfModule } from '@rivulet/decomposition';
 * const rivulet = createContainer([onlineNmfModule({ components: 20, batchSize: 512 })]);
 * ```
 */
export function onlineNmfModule(options: OnlineNmfOptions): ContainerModule {
  return new ContainerModule((load) => {
    (load.isBound(ONLINE_NMF_OPTIONS)
      ? load.rebind(ONLINE_NMF_OPTIONS)
      : load.bind(ONLINE_NMF_OPTIONS)
    ).toConstantValue(options);
    load.bind(PLUGINS).toConstantValue({
      role: 'decomposer',
      name: 'nmf-online',
      description: 'online mini-batch NMF (scikit-learn MiniBatchNMF): streams of batches, bounded memory',
      create: (o?: OnlineNmfOptions) => new OnlineNmfDecomposer(o ?? options),
    });
    bindActive(load, DECOMPOSER, OnlineNmfDecomposer);
  });
}
