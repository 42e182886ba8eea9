import 'reflect-metadata';
import { inject, injectable } from 'inversify';
import { concat, concatMap, defer, type Observable, of } from 'rxjs';
import type { DocTermMatrix, Document } from './documents.js';
import type { TrainingEvent } from './events.js';
import type { DecomposerStage, TokenizerStage, VectorizerStage } from './Stage.js';
import { DECOMPOSER, TOKENIZER, VECTORIZER } from './tokens.js';

/** The matrix a pipeline built, emitted before training starts so callers can map topics to terms. */
export interface MatrixEvent {
  readonly type: 'matrix';
  readonly matrix: DocTermMatrix;
}

export type PipelineEvent = MatrixEvent | TrainingEvent;

/**
 * tokenize → vectorize → decompose, with each stage resolved from the container by its role token, so
 * loading another plugin changes what runs without changing this code.
 */
@injectable()
export class Pipeline {
  constructor(
    @inject(TOKENIZER) readonly tokenizer: TokenizerStage,
    @inject(VECTORIZER) readonly vectorizer: VectorizerStage,
    @inject(DECOMPOSER) readonly decomposer: DecomposerStage,
  ) {}

  /** A cold stream: one `matrix` event, then the decomposer's training events. */
  run(documents: Observable<Document>): Observable<PipelineEvent> {
    return defer(() =>
      this.vectorizer
        .apply(this.tokenizer.apply(documents))
        .pipe(
          concatMap((matrix) =>
            concat(of<PipelineEvent>({ type: 'matrix', matrix }), this.decomposer.apply(of(matrix))),
          ),
        ),
    );
  }
}
