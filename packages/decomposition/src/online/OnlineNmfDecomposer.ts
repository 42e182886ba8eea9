import { type DecomposerStage, type DocTermMatrix, SCHEDULER, type TrainingEvent } from '@rivulet/core';
import { inject, injectable, optional } from 'inversify';
import type { Observable, SchedulerLike } from 'rxjs';
import type { OnlineNmfOptions } from './OnlineNmfOptions.js';
import { onlineNmf } from './onlineNmfOperator.js';

/** Injection token of the options given to {@link onlineNmfModule}. */
export const ONLINE_NMF_OPTIONS = Symbol.for('rivulet.decomposition.online.options');

/**
 * Online NMF as a container stage (plugin name `nmf-online`): consumes document-term batches and calls
 * {@link onlineNmf} with the options its module was given, on the container's `SCHEDULER` when one is
 * bound and the options name none.
 */
@injectable()
export class OnlineNmfDecomposer implements DecomposerStage {
  readonly name = 'nmf-online';

  constructor(
    @inject(ONLINE_NMF_OPTIONS) private readonly options: OnlineNmfOptions,
    @inject(SCHEDULER) @optional() private readonly scheduler?: SchedulerLike,
  ) {}

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    const scheduler = this.options?.scheduler ?? this.scheduler;
    return source.pipe(onlineNmf(scheduler === undefined ? this.options : { ...this.options, scheduler }));
  }
}
