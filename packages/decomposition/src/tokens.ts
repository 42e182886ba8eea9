import type { ServiceIdentifier } from 'inversify';
import type { NmfOptions } from './NmfOptions.js';

/** The options `nmfMuModule` gives its stage. */
export const NMF_MU_OPTIONS: ServiceIdentifier<NmfOptions> = Symbol.for(
  'rivulet.decomposition.nmf-mu.options',
);
/** The options `nmfCdModule` gives its stage. */
export const NMF_CD_OPTIONS: ServiceIdentifier<NmfOptions> = Symbol.for(
  'rivulet.decomposition.nmf-cd.options',
);
