/**
 * Small stand-ins for the tokenizer, vectorizer and decomposer roles, written with `definePlugin` as a
 * third party would, so that core's composition is tested without the feature packages (which core must
 * not import).
 */
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { concatMap, map, type Observable, type SchedulerLike, toArray } from 'rxjs';
import { definePlugin } from '../definePlugin.js';
import type { DocTermMatrix, Document, TokenizedDocument } from '../documents.js';
import { factorState } from '../factorState.js';
import type { StopOption } from '../stop.js';
import { trainingLoop } from '../trainingLoop.js';

export const fakeTokenizerModule = definePlugin({
  role: 'tokenizer',
  name: 'fake-tokenizer',
  description: 'lower-cased runs of letters and digits',
  options: {},
  stage: () =>
    map((d: Document) => ({
      id: d.id,
      tokens:
        'text' in d
          ? d.text
              .toLowerCase()
              .split(/[^\p{L}\p{N}]+/u)
              .filter(Boolean)
          : d.tokens,
    })),
});

export const fakeVectorizerModule = definePlugin({
  role: 'vectorizer',
  name: 'fake-vectorizer',
  description: 'term counts over a sorted vocabulary',
  options: {},
  stage: () => (source: Observable<TokenizedDocument>) =>
    source.pipe(
      toArray(),
      map((docs: TokenizedDocument[]): DocTermMatrix => {
        const vocabulary = [...new Set(docs.flatMap((d) => d.tokens))].sort();
        const column = new Map(vocabulary.map((w, j) => [w, j]));
        const rows = docs.map((d) => {
          const row = new Array<number>(vocabulary.length).fill(0);
          for (const w of d.tokens) row[column.get(w) as number]++;
          return row;
        });
        return {
          matrix: CsrMatrix.fromDense(DenseMatrix.fromRows(rows.length ? rows : [])),
          vocabulary,
          ids: docs.map((d) => d.id),
          weighting: { kind: 'count', norm: null },
        };
      }),
    ),
});

export interface FakeDecomposerOptions {
  /** Epochs to run; the loss after epoch e is 1/(e + 1), so epoch e's relative change is 1/(e + 1). */
  readonly epochs?: number;
  readonly components?: number;
  readonly sliceMs?: number;
  readonly stop?: StopOption;
  readonly scheduler?: SchedulerLike;
}

export const fakeDecomposerModule = definePlugin({
  role: 'decomposer',
  name: 'fake-decomposer',
  description: 'a training loop whose loss is 1/(epoch + 1)',
  options: {
    epochs: { type: 'integer', min: 1, default: 10, description: 'epochs to run' },
    components: { type: 'integer', min: 1, default: 1, description: 'columns of W' },
    sliceMs: { type: 'number', min: 0, default: 10, description: 'ms of epochs between yields' },
    stop: { type: ['object', 'function'], codeOnly: true, description: 'graceful stop' },
    scheduler: { type: 'object', codeOnly: true, description: 'scheduler of the loop' },
  },
  capabilities: { trainingLoop: true, nonNegative: true, state: factorState },
  stage: (options: FakeDecomposerOptions) =>
    concatMap((dtm: DocTermMatrix) => {
      const k = options.components ?? 1;
      const { rows, cols } = dtm.matrix;
      return trainingLoop(
        'fake-decomposer',
        () => {
          let loss = 1;
          return {
            initialLoss: 1,
            maxEpochs: options.epochs ?? 10,
            step(epoch) {
              loss = 1 / (epoch + 1);
              return { loss, converged: false };
            },
            result: (epochs, converged, stopped) => ({
              type: 'result',
              W: new DenseMatrix(rows, k),
              H: new DenseMatrix(k, cols),
              loss,
              epochs,
              converged,
              stopped,
            }),
          };
        },
        options,
      );
    }),
});
