import type { DocTermMatrix, TokenizedDocument, VectorizerStage } from '@rivulet/core';
import { inject, injectable } from 'inversify';
import type { Observable } from 'rxjs';
import type { HashingVectorizerOptions } from './hashingOptions.js';
import { hashingVectorize } from './hashingVectorize.js';

/** Injection token of the options given to {@link hashingVectorizerModule}. */
export const HASHING_VECTORIZER_OPTIONS = Symbol.for('rivulet.vectorizer.hashing.options');

/**
 * The hashing vectorizer as a container stage (plugin name `hashing`): it calls {@link hashingVectorize}
 * with the options its module was given.
 */
@injectable()
export class HashingVectorizer implements VectorizerStage {
  readonly name = 'hashing';

  constructor(@inject(HASHING_VECTORIZER_OPTIONS) private readonly options: HashingVectorizerOptions) {}

  apply(source: Observable<TokenizedDocument>): Observable<DocTermMatrix> {
    return source.pipe(hashingVectorize(this.options));
  }
}
