/** A third-party decomposer installed in the app's node_modules, through the library. */
import 'reflect-metadata';
import { createContainer, isEvent, listPlugins, PIPELINE, resolvePlugin } from '@rivulet/core';
import { nmfCdModule } from '@rivulet/decomposition';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import { kmeansModule } from 'rivulet-plugin-kmeans';
import { filter, from, lastValueFrom } from 'rxjs';
import { check, corpus } from './corpus.js';

const docs = corpus();
const container = createContainer([
  tokenizerModule({ stopWords: 'en' }),
  vectorizerModule({ minDf: 2 }),
  nmfCdModule({ components: 3 }),
  kmeansModule({ components: 3 }),
]);
check(
  listPlugins(container, 'decomposer')
    .map((p) => p.name)
    .join(',') === 'nmf-cd,kmeans',
  'the plugin is listed beside the built-in decomposer',
);
const result = await lastValueFrom(
  container
    .get(PIPELINE)
    .run(from(docs))
    .pipe(filter(isEvent('result'))),
);
check(
  result.H.rows === 3 && result.W.rows === docs.length,
  'the loaded-last plugin trained through PIPELINE',
);
const stage = resolvePlugin(container, 'decomposer', 'kmeans', { components: 2 });
check(stage.name === 'kmeans', 'resolvePlugin builds it by name');
