/**
 * A topic model as one object: fit the whole pipeline on the bundled English fortunes, save it, load it
 * back (the file names plugins, never code), then score a new text and find the fortunes closest to it.
 * Run: `pnpm example topic-model [--components 8]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TopicModel } from '@rivulet/model';
import { readJsonl } from '@rivulet/sources';

const { values } = parseArgs({ options: { components: { type: 'string', default: '8' } } });
const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));

const model = await TopicModel.fit(readJsonl(corpus), {
  tokenizer: { name: 'default', options: { stopWords: 'en' } },
  vectorizer: { name: 'default', options: { minDf: 3, maxDf: { proportion: 0.5 } } },
  decomposer: { name: 'nmf-cd', options: { components: Number(values.components), seed: 0 } },
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
  const loaded = await TopicModel.load(join(dir, 'fortunes'));
  console.log(`saved and loaded: ${JSON.stringify(loaded.pipeline.decomposer)}`);

  const text = 'Larry wrote another Perl script for the NASA lab at JPL.';
  const [weights] = (await loaded.transform([text])).toArrays();
  const best = weights.indexOf(Math.max(...weights));
  const terms = loaded.topTerms(6)[best].terms.map((t) => t.term);
  console.log(`new text → topic ${best} (${terms.join(' ')})`);
  for (const n of await loaded.similar(text, 3)) console.log(`similar: ${n.id} ${n.score.toFixed(3)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
