/**
 * Your own stages in a container pipeline:
 * 1. a token filter plugin (one `definePlugin` call) that the default pipeline runs between tokenizer and
 *    vectorizer, whatever the order the modules are loaded in;
 * 2. a composition of role tokens and a plain RxJS operator, type-checked stage by stage;
 * 3. early stopping as a per-run control: `run(documents$, { stop: earlyStopping(...) })` ends training
 *    gracefully, with a result.
 * Run: `pnpm example custom-stage`.
 */
import { fileURLToPath } from 'node:url';
import {
  compose,
  createContainer,
  DECOMPOSER,
  definePlugin,
  earlyStopping,
  isEvent,
  PIPELINE,
  type PipelineEvent,
  TOKEN_FILTERS,
  TOKENIZER,
  type TokenizedDocument,
  VECTORIZER,
} from '@rivulet/core';
import { nmfMuModule, topTerms } from '@rivulet/decomposition';
import { readJsonl } from '@rivulet/sources';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import { lastValueFrom, map, type Observable, take, toArray } from 'rxjs';

const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));
const documents$ = () => readJsonl(corpus).pipe(take(3000));

// 1. A token filter plugin: drops every token with a digit in it.
const noDigitsModule = definePlugin({
  role: 'token-filter',
  name: 'no-digits',
  description: 'drops tokens that contain a digit',
  options: {},
  stage: () => map((d: TokenizedDocument) => ({ ...d, tokens: d.tokens.filter((t) => !/\d/.test(t)) })),
});

const rivulet = createContainer([
  noDigitsModule(), // loaded first: the slot, not the load order, decides where it runs
  tokenizerModule({ stopWords: 'en' }),
  vectorizerModule({ minDf: 2 }),
  nmfMuModule({ components: 8, init: 'random', tol: 0, maxEpochs: 500 }),
]);

const summary = async (label: string, events$: Observable<PipelineEvent>) => {
  const events = await lastValueFrom(events$.pipe(toArray()));
  const matrix = events.find(isEvent('matrix'))?.matrix;
  const result = events.find(isEvent('result'));
  if (!matrix || !result) throw new Error(`${label}: no matrix or no result`);
  const digits = matrix.vocabulary.filter((t) => /\d/.test(t)).length;
  const shortest = Math.min(...matrix.vocabulary.map((t) => t.length));
  console.log(
    `${label}: ${matrix.matrix.rows} documents × ${matrix.vocabulary.length} terms, ${digits} with digits, shortest ${shortest}; ${result.epochs} epochs, stopped ${result.stopped}`,
  );
  return { matrix, result };
};

// 3. Early stopping: stop once 3 epochs in a row improve the loss by less than 0.1 %.
const stop = earlyStopping({ minRelativeChange: 1e-3, patience: 3 });
const plain = await summary('default pipeline', rivulet.get(PIPELINE).run(documents$(), { stop }));
for (const t of topTerms(plain.result.H, plain.matrix.vocabulary, 6).slice(0, 3)) {
  console.log(`  topic ${t.index}: ${t.terms.map((x) => x.term).join(' ')}`);
}

// 2. A composition with a plain operator after the token filters: keep words of four letters or more.
const longWords = map((d: TokenizedDocument) => ({ ...d, tokens: d.tokens.filter((t) => t.length >= 4) }));
const custom = compose()
  .pipe(TOKENIZER)
  .pipe(TOKEN_FILTERS)
  .pipe(longWords)
  .pipe(VECTORIZER)
  .train(DECOMPOSER)
  .resolve(rivulet);
console.log(`stages: ${custom.stages.join(' → ')}`);
await summary('custom pipeline', custom.run(documents$(), { stop }));
