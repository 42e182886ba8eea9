/** A container pipeline with the app's own stages between tokenizer and vectorizer. */
import 'reflect-metadata';
import {
  compose,
  createContainer,
  DECOMPOSER,
  isEvent,
  PIPELINE,
  type PipelineEvent,
  TOKEN_FILTERS,
  TOKENIZER,
  type TokenizedDocument,
  VECTORIZER,
} from '@rivulet/core';
import { nmfCdModule } from '@rivulet/decomposition';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import { filter, from, lastValueFrom, map, toArray } from 'rxjs';
import { check, corpus } from './corpus.js';
import { stopTokensModule } from './stopTokens.js';

const docs = corpus();
const container = createContainer([
  tokenizerModule({ stopWords: 'en' }),
  stopTokensModule({ tokens: ['people', 'time'] }),
  vectorizerModule({ minDf: 2 }),
  nmfCdModule({ components: 4, seed: 0 }),
]);

// The default chain: the token-filter plugin runs in its slot.
const events: PipelineEvent[] = await lastValueFrom(container.get(PIPELINE).run(from(docs)).pipe(toArray()));
const matrix = events.find(isEvent('matrix'))?.matrix;
check(matrix !== undefined && matrix.vocabulary.length > 100, 'the default pipeline vectorized the corpus');
check(
  !matrix?.vocabulary.includes('people') && !matrix?.vocabulary.includes('time'),
  'the token-filter plugin ran',
);
check(events.filter(isEvent('result')).length === 1, 'the default pipeline trained once');

// A chain of the app's own: its operator between the token filters and the vectorizer.
const shortOnes = map((d: TokenizedDocument) => ({ id: d.id, tokens: d.tokens.filter((t) => t.length > 3) }));
const mine = compose().pipe(TOKENIZER).pipe(TOKEN_FILTERS).pipe(shortOnes).pipe(VECTORIZER).train(DECOMPOSER);
const result = await lastValueFrom(
  mine
    .resolve(container)
    .run(from(docs))
    .pipe(filter(isEvent('result'))),
);
const own = (
  await lastValueFrom(
    mine
      .resolve(container)
      .run(from(docs))
      .pipe(filter(isEvent('matrix'))),
  )
).matrix.vocabulary;
check(
  own.every((t: string) => t.length > 3),
  'the app’s own operator ran between tokenizer and vectorizer',
);
check(result.H.rows === 4 && result.W.rows === docs.length, 'the composed pipeline trained 4 topics');
