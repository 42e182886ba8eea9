import { ContainerModule } from 'inversify';
import { compose } from './compose.js';
import { DECOMPOSER, DOCUMENT_FILTERS, PIPELINE, TOKEN_FILTERS, TOKENIZER, VECTORIZER } from './tokens.js';

/**
 * The default pipeline as a composition: document filters → tokenizer → token filters → vectorizer →
 * decomposer (one `matrix` event, then the training events). Filters are optional; the three roles must
 * be bound when the pipeline is resolved.
 */
export const DEFAULT_PIPELINE = compose()
  .pipe(DOCUMENT_FILTERS)
  .pipe(TOKENIZER)
  .pipe(TOKEN_FILTERS)
  .pipe(VECTORIZER)
  .train(DECOMPOSER);

/** Binds the default pipeline to `PIPELINE`; loaded by `createContainer` before any plugin. */
export function coreModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PIPELINE).toDynamicValue((context) => DEFAULT_PIPELINE.resolve(context));
  });
}
