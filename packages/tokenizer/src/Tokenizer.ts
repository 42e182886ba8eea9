import type { Document, TokenizedDocument, TokenizerStage } from '@rivulet/core';
import { inject, injectable, optional, type ServiceIdentifier } from 'inversify';
import type { Observable } from 'rxjs';
import type { TokenizerOptions } from './TokenizerOptions.js';
import { tokenize } from './tokenize.js';

/** The options the container gives {@link Tokenizer} when bound (optional: the defaults otherwise). */
export const TOKENIZER_OPTIONS: ServiceIdentifier<TokenizerOptions> = Symbol.for('rivulet.tokenizer.options');

/**
 * The default tokenizer as a container stage (name `default`); it only applies {@link tokenize}.
 *
 * @example
 * ```ts
 * import { TOKENIZER, createContainer } from '@rivulet/core';
 * import { tokenizerModule } from '@rivulet/tokenizer';
 * const tokens$ = createContainer([tokenizerModule({ lang: 'zh' })]).get(TOKENIZER).apply(docs$);
 * ```
 */
@injectable()
export class Tokenizer implements TokenizerStage {
  readonly name = 'default';

  constructor(@inject(TOKENIZER_OPTIONS) @optional() private readonly options?: TokenizerOptions) {}

  apply(source: Observable<Document>): Observable<TokenizedDocument> {
    return source.pipe(tokenize(this.options ?? {}));
  }
}
