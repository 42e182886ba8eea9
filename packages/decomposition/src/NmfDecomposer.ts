import {
  type DecomposerStage,
  type DocTermMatrix,
  invalidOption,
  SCHEDULER,
  type TrainingEvent,
} from '@rivulet/core';
import { inject, injectable, optional } from 'inversify';
import { defer, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { NmfOptions } from './NmfOptions.js';
import { nmf } from './nmf.js';
import { NMF_CD_OPTIONS, NMF_MU_OPTIONS } from './tokens.js';

/**
 * The NMF decomposer with multiplicative updates as a container-resolved stage (plugin `nmf-mu`): it
 * calls {@link nmf} with the options its module was given and `solver: 'mu'`, on the container's
 * `SCHEDULER` when one is bound.
 */
@injectable()
export class NmfMuDecomposer implements DecomposerStage {
  readonly name = 'nmf-mu';
  constructor(
    @inject(NMF_MU_OPTIONS) private readonly options: NmfOptions,
    @inject(SCHEDULER) @optional() private readonly scheduler?: SchedulerLike,
  ) {}

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    return source.pipe(nmfWithSolver({ scheduler: this.scheduler, ...this.options }, 'mu'));
  }
}

/**
 * The NMF decomposer with coordinate descent as a container-resolved stage (plugin `nmf-cd`): it calls
 * {@link nmf} with the options its module was given and `solver: 'cd'`, on the container's `SCHEDULER`
 * when one is bound.
 */
@injectable()
export class NmfCdDecomposer implements DecomposerStage {
  readonly name = 'nmf-cd';
  constructor(
    @inject(NMF_CD_OPTIONS) private readonly options: NmfOptions,
    @inject(SCHEDULER) @optional() private readonly scheduler?: SchedulerLike,
  ) {}

  apply(source: Observable<DocTermMatrix>): Observable<TrainingEvent> {
    return source.pipe(nmfWithSolver({ scheduler: this.scheduler, ...this.options }, 'cd'));
  }
}

/**
 * `nmf` with the plugin's solver; a conflicting `solver` option is an error, not silently replaced. A
 * scheduler bound to `SCHEDULER` (e.g. a `TestScheduler`) reaches it through the options.
 */
export function nmfWithSolver(
  options: Omit<NmfOptions, 'solver'>,
  solver: 'mu' | 'cd',
): OperatorFunction<DocTermMatrix, TrainingEvent> {
  return (source) =>
    defer(() => {
      const given = (options as { solver?: unknown } | undefined)?.solver;
      if (given !== undefined && given !== solver) {
        invalidOption(`nmf-${solver}`, 'solver', `"${solver}" or absent for plugin nmf-${solver}`, given);
      }
      return source.pipe(nmf({ ...options, solver } as NmfOptions));
    });
}
