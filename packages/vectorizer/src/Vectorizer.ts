import type { DocTermMatrix, TokenizedDocument, VectorizerStage } from '@rivulet/core';
import { inject, injectable, type ServiceIdentifier } from 'inversify';
import type { Observable } from 'rxjs';
import type { VectorizerOptions } from './VectorizerOptions.js';
import { vectorize } from './vectorize.js';

/** The options {@link vectorizerModule} hands to the {@link Vectorizer} stage. */
export const VECTORIZER_OPTIONS: ServiceIdentifier<VectorizerOptions> = Symbol.for(
  'rivulet.vectorizer.options',
);

/**
 * The fit-mode vectorizer as a container-resolved stage (plugin `default`); it applies {@link vectorize}
 * with the options bound to {@link VECTORIZER_OPTIONS}.
 *
 * @example
 * ```ts
 * import { createContainer, VECTORIZER } from '@rivulet/core';
 * import { vectorizerModule } from '@rivulet/vectorizer';
 * const stage = createContainer([vectorizerModule({ weighting: 'count' })]).get(VECTORIZER);
 * ```
 */
@injectable()
export class Vectorizer implements VectorizerStage {
  readonly name = 'default';

  constructor(@inject(VECTORIZER_OPTIONS) private readonly options: VectorizerOptions) {}

  apply(source: Observable<TokenizedDocument>): Observable<DocTermMatrix> {
    return source.pipe(vectorize(this.options));
  }
}
