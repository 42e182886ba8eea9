import type { DecomposerStage, DocTermMatrix, TrainingEvent } from '@rivulet/core';
import { inject, injectable, type ServiceIdentifier } from 'inversify';
import type { Observable } from 'rxjs';
import type { SvdOptions } from './SvdOptions.js';
import { truncatedSvd } from './truncatedSvd.js';

/** The options `svdModule` gives its stage. */
export const SVD_OPTIONS: ServiceIdentifier<SvdOptions> = Symbol.for('rivulet.decomposition.svd.options');

/**
 * The truncated SVD decomposer as a container-resolved stage (plugin `svd`): it calls
 * {@link truncatedSvd} with the options its module was given.
 */
@injectable()
export class SvdDecomposer implements DecomposerStage {
  readonly name = 'svd';
  constructor(@inject(SVD_OPTIONS) private readonly options: SvdOptions) {}

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    return source.pipe(truncatedSvd(this.options));
  }
}
