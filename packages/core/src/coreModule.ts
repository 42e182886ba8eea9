import { ContainerModule } from 'inversify';
import { Pipeline } from './Pipeline.js';
import { PIPELINE } from './tokens.js';

/** Binds the pipeline; loaded by `createContainer` before any plugin. */
export function coreModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PIPELINE).to(Pipeline).inTransientScope();
  });
}
