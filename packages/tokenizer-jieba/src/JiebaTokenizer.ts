import type { Document, TokenizedDocument, TokenizerStage } from '@rivulet/core';
import { inject, injectable, type ServiceIdentifier } from 'inversify';
import type { Observable } from 'rxjs';
import type { JiebaTokenizerOptions } from './JiebaTokenizerOptions.js';
import { tokenizeJieba } from './tokenizeJieba.js';

/** The options the container gives {@link JiebaTokenizer} when you bind the class yourself. */
export const JIEBA_TOKENIZER_OPTIONS: ServiceIdentifier<JiebaTokenizerOptions> = Symbol.for(
  'rivulet.tokenizer-jieba.options',
);

/** The jieba tokenizer as a container stage (name `jieba`); it only applies {@link tokenizeJieba}. */
@injectable()
export class JiebaTokenizer implements TokenizerStage {
  readonly name = 'jieba';

  constructor(@inject(JIEBA_TOKENIZER_OPTIONS) private readonly options: JiebaTokenizerOptions) {}

  apply(source: Observable<Document>): Observable<TokenizedDocument> {
    return source.pipe(tokenizeJieba(this.options));
  }
}
