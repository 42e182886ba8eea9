/**
 * TopicModel with a third party's decomposer, through the public API only: trained on the main thread and,
 * from its descriptor's `worker` capability alone, in a worker thread.
 */
import { type DocTermMatrix, definePlugin, isRivuletError, type TrainingEvent } from '@rivulet/core';
import { builtInPlugins, TopicModel } from '@rivulet/model';
import test from 'ava';
import { type KMeansOptions, kmeansModule } from 'rivulet-plugin-kmeans';

const THEMES = [
  ['apple', 'banana', 'cherry', 'grape', 'melon'],
  ['kernel', 'linker', 'parser', 'syntax', 'compiler'],
  ['ocean', 'wave', 'tide', 'harbor', 'anchor'],
];
const documents = Array.from({ length: 30 }, (_, i) => {
  const words = THEMES[i % 3];
  return { id: `${i % 3}-${i}`, text: [0, 1, 2].map((j) => words[(i + j * 2) % 5]).join(' ') };
});
const plugins = [...builtInPlugins(), kmeansModule()];
const kmeans = { name: 'kmeans', options: { components: 3 } };

test('a third-party decomposer trains in a worker thread with run.worker, with the same topics as on the main thread', async (t) => {
  const here = await TopicModel.fit(documents, { decomposer: kmeans, plugins });
  const there = await TopicModel.fit(documents, { decomposer: kmeans, plugins, run: { worker: true } });
  t.deepEqual(Array.from(there.H.data), Array.from(here.H.data));
  t.deepEqual(there.training, here.training);
  for (const topic of there.topTerms(5)) {
    const theme = THEMES.find((words) => words.includes(topic.terms[0].term))!;
    t.true(topic.terms.every((x) => theme.includes(x.term)));
  }
  // Its neighbours come from W; it declares no transform, so reading new text is refused by name.
  t.true((await there.similar({ id: '0-0' }, 3)).every((n) => n.id!.startsWith('0-')));
  const error = await t.throwsAsync(there.transform(['apple banana']));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /the decomposer "kmeans" declares no transform capability/);
});

test('run.worker with a decomposer that declares no worker capability is an error naming it', async (t) => {
  const error = await t.throwsAsync(
    TopicModel.fit(documents, {
      decomposer: kmeans,
      plugins: [...builtInPlugins(), kmeansWithoutWorker()],
      run: { worker: true },
    }),
  );
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /the decomposer "kmeans" cannot run in a worker thread/);
});

/** The same stage, registered without a worker capability. */
function kmeansWithoutWorker() {
  const { options, description } = kmeansModule.descriptor;
  return definePlugin<KMeansOptions, DocTermMatrix, TrainingEvent>({
    role: 'decomposer',
    name: 'kmeans',
    description,
    options,
    stage: (o) => (source) => kmeansModule.descriptor.create(o).apply(source),
    capabilities: { trainingLoop: true },
  })();
}
