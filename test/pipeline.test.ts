import {
  createContainer,
  type Document,
  isEvent,
  isRivuletError,
  listPlugins,
  PIPELINE,
  type PipelineEvent,
  type ResultEvent,
  resolvePlugin,
} from '@rivulet/core';
import { nmf, nmfMuModule } from '@rivulet/decomposition';
import { cosine } from '@rivulet/similarity';
import { tokenize, tokenizerModule } from '@rivulet/tokenizer';
import { vectorize, vectorizerModule } from '@rivulet/vectorizer';
import test from 'ava';
import { kmeansModule } from 'rivulet-plugin-kmeans';
import { filter, from, lastValueFrom, type Observable, toArray } from 'rxjs';

const vocabularies = [
  ['apple', 'banana', 'cherry', 'grape', 'mango', 'peach'],
  ['engine', 'wheel', 'brake', 'clutch', 'piston', 'gearbox'],
  ['violin', 'cello', 'flute', 'oboe', 'trumpet', 'harp'],
];

/** Documents drawn from three disjoint vocabularies (planted topics), deterministic. */
function planted(perTopic: number): Document[] {
  const docs: Document[] = [];
  let state = 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let d = 0; d < perTopic; d++) {
    for (let t = 0; t < 3; t++) {
      const words = Array.from({ length: 8 }, () => vocabularies[t][Math.floor(next() * 6)]);
      docs.push({ id: `t${t}-${d}`, text: words.join(' ') });
    }
  }
  return docs;
}

const nmfOptions = { components: 3, solver: 'mu', init: 'random', seed: 3, maxEpochs: 150 } as const;

async function resultOf(events: Observable<PipelineEvent>): Promise<ResultEvent> {
  return lastValueFrom(events.pipe(filter(isEvent('result') as (e: PipelineEvent) => e is ResultEvent)));
}

test('the pipeline from the container equals the pipeline from plain operators', async (t) => {
  const docs = planted(10);
  const plain = await resultOf(from(docs).pipe(tokenize(), vectorize(), nmf(nmfOptions)));
  const rivulet = createContainer([tokenizerModule(), vectorizerModule(), nmfMuModule(nmfOptions)]);
  const viaContainer = await resultOf(rivulet.get(PIPELINE).run(from(docs)));
  t.deepEqual(viaContainer.W.data, plain.W.data);
  t.deepEqual(viaContainer.H.data, plain.H.data);
  t.is(viaContainer.loss, plain.loss);
  t.is(viaContainer.epochs, plain.epochs);
});

test('planted topics separate: same-topic cosine > 0.9, cross-topic < 0.1', async (t) => {
  const docs = planted(12);
  const { W } = await resultOf(
    from(docs).pipe(tokenize(), vectorize(), nmf({ ...nmfOptions, maxEpochs: 300 })),
  );
  let sameMin = 1;
  let crossMax = 0;
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const c = cosine(W.row(i), W.row(j));
      if (i % 3 === j % 3) sameMin = Math.min(sameMin, c);
      else crossMax = Math.max(crossMax, c);
    }
  }
  t.true(sameMin > 0.9, `smallest same-topic cosine ${sameMin}`);
  t.true(crossMax < 0.1, `largest cross-topic cosine ${crossMax}`);
});

test('loading a plugin that rebinds the decomposer changes what the unchanged pipeline runs', async (t) => {
  const docs = planted(10);
  const run = async (rivulet: ReturnType<typeof createContainer>) => {
    const pipeline = rivulet.get(PIPELINE);
    const events = await lastValueFrom(pipeline.run(from(docs)).pipe(toArray()));
    return { name: pipeline.stages.at(-1), events };
  };
  const base = [tokenizerModule(), vectorizerModule()];
  const mu = await run(createContainer([...base, nmfMuModule(nmfOptions)]));
  const swapped = await run(
    createContainer([...base, nmfMuModule(nmfOptions), kmeansModule({ components: 3 })]),
  );
  t.is(mu.name, 'nmf-mu');
  t.is(swapped.name, 'kmeans');
  const result = swapped.events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  // The third-party decomposer is real: each planted topic becomes one cluster.
  const clusterOf = (i: number) => Array.from(result.W.row(i)).findIndex((v) => v > 0);
  for (let i = 3; i < docs.length; i++) t.is(clusterOf(i), clusterOf(i % 3), `document ${docs[i].id}`);
  t.not(clusterOf(0), clusterOf(1));
  t.not(clusterOf(1), clusterOf(2));
  t.true(swapped.events.some((e) => e.type === 'epoch'));
});

test('a third-party decomposer is discoverable and resolvable by name beside the built-ins', (t) => {
  const rivulet = createContainer([nmfMuModule(nmfOptions), kmeansModule({ components: 2 })]);
  t.deepEqual(
    listPlugins(rivulet, 'decomposer').map((p) => p.name),
    ['nmf-mu', 'kmeans'],
  );
  t.is(resolvePlugin(rivulet, 'decomposer', 'nmf-mu', { components: 2 }).name, 'nmf-mu');
  t.is(resolvePlugin(rivulet, 'decomposer', 'kmeans').name, 'kmeans');
});

test('raw Chinese text runs through the whole pipeline', async (t) => {
  const docs = [
    { id: '1', text: '有微信红包的软件' },
    { id: '2', text: '微信支付不行的' },
    { id: '3', text: '我们需要稳定的微信支付接口' },
    { id: '4', text: '申请公众号认证' },
    { id: '5', text: '这个还有几天放垃圾流量' },
    { id: '6', text: '可以提供聚合支付系统' },
  ];
  const rivulet = createContainer([
    tokenizerModule({ lang: 'zh', dictionary: ['微信', '公众号'] }),
    vectorizerModule({ weighting: 'binary' }),
    nmfMuModule({ components: 3, init: 'random', seed: 0, maxEpochs: 50 }),
  ]);
  const events = await lastValueFrom(rivulet.get(PIPELINE).run(from(docs)).pipe(toArray()));
  const matrix = events[0];
  t.is(matrix.type, 'matrix');
  if (matrix.type !== 'matrix') return;
  t.true(matrix.matrix.vocabulary.includes('微信'));
  t.true(matrix.matrix.vocabulary.includes('公众号'));
  t.deepEqual(matrix.matrix.ids, ['1', '2', '3', '4', '5', '6']);
  const result = events.at(-1) as ResultEvent;
  t.is(result.W.rows, 6);
  t.is(result.H.cols, matrix.matrix.vocabulary.length);
});

const errorOf = async (events: Observable<unknown>) => t_throws(events);
async function t_throws(events: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(events);
  } catch (error) {
    return error;
  }
  return undefined;
}

test('bad input reaches the subscriber through the error channel with a clear message', async (t) => {
  const pipe = (docs: unknown[], v = {}, n: object = nmfOptions) =>
    from(docs as Document[]).pipe(tokenize(), vectorize(v), nmf(n as typeof nmfOptions));
  const cases: [string, Observable<unknown>, string, RegExp][] = [
    ['empty corpus', pipe([]), 'empty-input', /^vectorize: /],
    ['neither text nor tokens', pipe([{ id: 'a' }]), 'invalid-input', /^tokenize: .*(text|tokens)/],
    [
      'vocabulary emptied by pruning',
      pipe(
        [
          { id: 'a', text: 'alpha beta' },
          { id: 'b', text: 'gamma delta' },
          { id: 'c', text: 'epsilon' },
        ],
        { minDf: 2 },
      ),
      'empty-input',
      /^vectorize: .*no terms remain/i,
    ],
    ['minDf above maxDf', pipe(planted(2), { minDf: 100 }), 'invalid-option', /^vectorize: maxDf must/],
    [
      'components 0',
      pipe(planted(2), {}, { components: 0 }),
      'invalid-option',
      /^nmf: components must be an integer/,
    ],
    ['components 1.5', pipe(planted(2), {}, { components: 1.5 }), 'invalid-option', /components .*got 1\.5/],
    [
      'epochs 2.5',
      pipe(planted(2), {}, { components: 2, maxEpochs: 2.5 }),
      'invalid-option',
      /^nmf: maxEpochs .*got 2\.5/,
    ],
  ];
  for (const [name, events, kind, message] of cases) {
    const error = await errorOf(events);
    t.true(isRivuletError(error), `${name}: ${String(error)}`);
    t.is((error as { kind: string }).kind, kind, name);
    t.regex((error as Error).message, message, name);
  }
});
