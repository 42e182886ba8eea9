/** A third-party decomposer installed in the app's node_modules, through the library. */
import 'reflect-metadata';
import { createContainer, isEvent, listPlugins, PIPELINE, resolvePlugin } from '@rivulet/core';
import { nmfCdModule, trainInWorker } from '@rivulet/decomposition';
import { builtInPlugins, TopicModel } from '@rivulet/model';
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

// The same plugin in a worker thread, through the library: the worker imports it from this app's
// node_modules by its descriptor's worker capability, and trains the same topics.
const plugins = [...builtInPlugins(), kmeansModule()];
const kmeans = { name: 'kmeans', options: { components: 3 } };
const here = await TopicModel.fit(docs, { plugins, decomposer: kmeans });
const there = await TopicModel.fit(docs, { plugins, decomposer: kmeans, run: { worker: true } });
check(
  there.H.rows === 3 && Array.from(there.H.data).every((v, i) => v === here.H.data[i]),
  'TopicModel run.worker trains the third-party plugin in a worker thread, bit-identical to the main thread',
);
const { matrix } = await TopicModel.vectorize(docs);
const viaWorker = await lastValueFrom(
  trainInWorker(kmeansModule, matrix, { components: 3 }).pipe(filter(isEvent('result'))),
);
check(viaWorker.H.rows === 3, 'trainInWorker(kmeansModule, …) runs it in a worker directly');
