/**
 * A topic model as one object: fit the whole pipeline on the bundled English fortunes — with a document
 * filter of our own before the tokenizer — save it, load it back (the file names plugins, never code), then
 * score a new text and find the fortunes closest to it.
 * Run: `pnpm example topic-model [--components 8]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Document, definePlugin } from '@rivulet/core';
import { builtInPlugins, TopicModel } from '@rivulet/model';
import { readJsonl } from '@rivulet/sources';
import { map } from 'rxjs';

/** A document filter (role `document-filter`): web addresses are not words of any topic. */
const stripUrlsModule = definePlugin({
  role: 'document-filter',
  name: 'strip-urls',
  description: 'replaces http(s) addresses by a space before tokenizing',
  options: {},
  stage: () =>
    map(
      (doc: Document): Document =>
        'text' in doc ? { id: doc.id, text: doc.text.replace(/\bhttps?:\/\/\S+/g, ' ') } : doc,
    ),
});
const plugins = [...builtInPlugins(), stripUrlsModule()];

const { values } = parseArgs({ options: { components: { type: 'string', default: '8' } } });
const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));

const model = await TopicModel.fit(readJsonl(corpus), {
  documentFilters: ['strip-urls'],
  tokenizer: { name: 'default', options: { stopWords: 'en' } },
  vectorizer: { name: 'default', options: { minDf: 3, maxDf: { proportion: 0.5 } } },
  decomposer: { name: 'nmf-cd', options: { components: Number(values.components), seed: 0 } },
  plugins,
});
console.log(
  `${model.ids?.length} documents × ${model.vocabulary.length} terms, ${model.components} topics: ` +
    `${model.training?.epochs} epochs, loss ${model.training?.loss.toFixed(3)}`,
);
for (const topic of model.topTerms(6)) {
  console.log(`topic ${topic.index}: ${topic.terms.map((t) => t.term).join(' ')}`);
}

const dir = await mkdtemp(join(tmpdir(), 'rivulet-topic-model-'));
try {
  await model.save(join(dir, 'fortunes'));
  // The saved model names the filter; loading finds it among the modules given, and runs it on new text.
  const loaded = await TopicModel.load(join(dir, 'fortunes'), { plugins });
  console.log(`saved and loaded: ${JSON.stringify(loaded.pipeline.decomposer)}`);
  console.log(`document filters: ${loaded.pipeline.documentFilters.map((f) => f.name).join(', ')}`);

  const text = 'Larry wrote another Perl script for the NASA lab at JPL: https://jpl.example/perl-lab';
  const [weights] = (await loaded.transform([text])).toArrays();
  const best = weights.indexOf(Math.max(...weights));
  const terms = loaded.topTerms(6)[best].terms.map((t) => t.term);
  console.log(`new text → topic ${best} (${terms.join(' ')})`);
  for (const n of await loaded.similar(text, 3)) console.log(`similar: ${n.id} ${n.score.toFixed(3)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
