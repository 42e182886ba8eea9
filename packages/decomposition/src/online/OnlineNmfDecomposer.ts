import type { DecomposerStage, DocTermMatrix, TrainingEvent } from '@rivulet/core';
import { inject, injectable } from 'inversify';
import type { Observable } from 'rxjs';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';
import { onlineNmf } from './onlineNmfOperator.js';

/** Injection token of the options given to {@link onlineNmfModule}. */
export const ONLINE_NMF_OPTIONS = Symbol.for('rivulet.decomposition.online.options');

/**
 * Online NMF as a container stage (plugin name `nmf-online`): consumes document-term batches and calls
 * {@link onlineNmf} with the options its module was given.
 */
@injectable()
export class OnlineNmfDecomposer implements DecomposerStage {
  readonly name = 'nmf-online';

  constructor(@inject(ONLINE_NMF_OPTIONS) private readonly options: OnlineNmfOptions) {}

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    return source.pipe(onlineNmf(this.options));
  }
}
