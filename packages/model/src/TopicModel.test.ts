import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type Document,
  definePlugin,
  isRivuletError,
  type SpanTokenizer,
  type TokenizedDocument,
  textSnippet,
} from '@rivulet/core';
import { currentOrigin, loadModel, MODEL_FORMAT_VERSION, saveModel } from '@rivulet/decomposition';
import { CsrMatrix } from '@rivulet/linalg';
import { spaceWords } from '@rivulet/testing';
import test from 'ava';
import { map } from 'rxjs';
import { builtInPlugins, TopicModel } from './index.js';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const THEMES = {
  fruit: ['apple', 'banana', 'cherry', 'grape', 'melon', 'peach'],
  code: ['compiler', 'kernel', 'debugger', 'linker', 'syntax', 'parser'],
  sea: ['ocean', 'wave', 'tide', 'harbor', 'sailor', 'anchor'],
};

/** 30 documents in three clean themes, with a stop word in each. */
function corpus(): Document[] {
  const docs: Document[] = [];
  for (let i = 0; i < 10; i++) {
    for (const [theme, words] of Object.entries(THEMES)) {
      const text = [0, 1, 2, 3].map((j) => words[(i + j * (1 + (i % 2))) % words.length]).join(' ');
      docs.push({ id: `${theme}-${i}`, text: `the ${text}` });
    }
  }
  return docs;
}

const FAST = { name: 'nmf-cd', options: { components: 3, maxEpochs: 100, seed: 0 } };

async function fresh(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-topic-model-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A third party's tokenizer: splits on white space only and upper-cases, so its tokens are recognisable. */
const shoutingTokenizerModule = definePlugin({
  role: 'tokenizer',
  name: 'shouting',
  description: 'test tokenizer: white-space words, upper-cased',
  options: {},
  stage: () =>
    map(
      (doc: Document): TokenizedDocument => ({
        id: doc.id,
        tokens: 'text' in doc ? doc.text.toUpperCase().split(/\s+/).filter(Boolean) : doc.tokens,
      }),
    ),
});

/** A third party's token filter: drops the tokens it is given (`options.drop`). */
const dropModule = definePlugin({
  role: 'token-filter',
  name: 'drop',
  description: 'test filter: drops the listed tokens',
  options: { drop: { type: 'string[]', default: [], description: 'tokens to drop' } },
  stage: (options: { drop?: string[] }) =>
    map((doc: TokenizedDocument) => ({
      id: doc.id,
      tokens: doc.tokens.filter((x) => !options.drop?.includes(x)),
    })),
});

/**
 * A third party's document filter, as a module file of its own (so a new process can import it too):
 * removes the word `mask` from each text and drops documents whose text starts with `skip`.
 */
const MASK_MODULE = `
  import { definePlugin } from ${JSON.stringify(import.meta.resolve('@rivulet/core'))};
  import { filter, map, pipe } from ${JSON.stringify(import.meta.resolve('rxjs'))};
  export const maskModule = definePlugin({
    role: 'document-filter',
    name: 'mask',
    description: 'test document filter: removes a word, drops documents starting with a prefix',
    options: {
      mask: { type: 'string', default: '', description: 'the word removed' },
      skip: { type: 'string', default: '', description: 'documents starting with it are dropped' },
    },
    stage: ({ mask = '', skip = '' }) =>
      pipe(
        filter((doc) => !('text' in doc) || skip === '' || !doc.text.startsWith(skip)),
        map((doc) => ('text' in doc && mask !== '' ? { id: doc.id, text: doc.text.split(mask).join(' ') } : doc)),
      ),
  });
`;

test('fit finds the three themes; topTerms, transform and similar agree with the training documents', async (t) => {
  const docs = corpus();
  const model = await TopicModel.fit(docs, {
    tokenizer: { name: 'default', options: { stopWords: 'en' } },
    decomposer: FAST,
  });
  t.is(model.components, 3);
  t.deepEqual(
    model.ids,
    docs.map((d) => d.id),
  );
  t.false(model.vocabulary.includes('the'));
  for (const topic of model.topTerms(6)) {
    const theme = Object.values(THEMES).find((words) => words.includes(topic.terms[0].term))!;
    t.true(
      topic.terms.every((x) => theme.includes(x.term)),
      JSON.stringify(topic),
    );
  }
  const W = await model.transform(docs);
  const argmax = (row: Float64Array) => row.indexOf(Math.max(...row));
  for (let i = 0; i < docs.length; i++) t.is(argmax(W.row(i)), argmax(model.W!.row(i)), docs[i].id);
  const byText = await model.similar('banana melon', 5);
  t.is(byText.length, 5);
  t.true(
    byText.every((n) => n.id!.startsWith('fruit-') && n.score > 0.9),
    JSON.stringify(byText),
  );
  const byId = await model.similar({ id: 'sea-3' }, 3);
  t.true(byId.every((n) => n.id!.startsWith('sea-') && n.id !== 'sea-3'));
  t.deepEqual(await model.similar('sea-3', 3), byId);
  t.deepEqual(await model.similar('nothing known here', 3), []);
  t.true(isRivuletError(await t.throwsAsync(model.similar({ id: 'nope' })), 'invalid-input'));
  t.true(isRivuletError(await t.throwsAsync(model.similar([1, 2])), 'invalid-input'));
});

test('save → load in a new process → transform and similar give the same numbers', async (t) => {
  const dir = await fresh(t);
  const docs = corpus();
  const model = await TopicModel.fit(docs, { decomposer: FAST });
  await model.save(join(dir, 'model'));
  const queries = ['ocean tide anchor', 'kernel parser', 'apple'];
  const here = {
    W: Array.from((await model.transform(queries)).data),
    similar: await model.similar('banana melon', 4),
  };
  const script = `
    import { TopicModel } from ${JSON.stringify(import.meta.resolve('@rivulet/model'))};
    const model = await TopicModel.load(${JSON.stringify(join(dir, 'model'))});
    const W = await model.transform(${JSON.stringify(queries)});
    console.log(JSON.stringify({ W: Array.from(W.data), similar: await model.similar('banana melon', 4) }));
  `;
  await writeFile(join(dir, 'load.mjs'), script);
  const { stdout } = await run(process.execPath, [join(dir, 'load.mjs')]);
  t.deepEqual(JSON.parse(stdout), JSON.parse(JSON.stringify(here)));
});

test('the model file records the pipeline by name, the vocabulary and idf once, and where it was made', async (t) => {
  const dir = await fresh(t);
  const model = await TopicModel.fit(corpus(), {
    tokenizer: { name: 'default', options: { ngram: [1, 2] } },
    vectorizer: { name: 'default', options: { weighting: 'tfidf', minDf: 2 } },
    decomposer: FAST,
  });
  await model.save(join(dir, 'm'));
  const text = await readFile(join(dir, 'm', 'model.json'), 'utf8');
  const json = JSON.parse(text);
  t.is(json.formatVersion, MODEL_FORMAT_VERSION);
  t.deepEqual(json.created, currentOrigin());
  t.is(json.created.icu, process.versions.icu);
  t.deepEqual(json.settings.pipeline, {
    documentFilters: [],
    tokenizer: { name: 'default', options: { ngram: [1, 2] } },
    filters: [],
    vectorizer: { name: 'default', options: { weighting: 'tfidf', minDf: 2 } },
    decomposer: FAST,
  });
  t.is(text.split('"apple"').length - 1, 1, 'each term is written once');
  t.false('idf' in json.settings.pipeline.vectorizer.options);
  const loaded = await TopicModel.load(join(dir, 'm'));
  t.deepEqual(loaded.pipeline, model.pipeline);
  t.deepEqual(loaded.training, model.training);
  t.deepEqual(
    Array.from((await loaded.transform(['apple grape'])).data),
    Array.from((await model.transform(['apple grape'])).data),
  );
});

test('plugins: a third-party tokenizer and token filter are recorded by name; loading without them names the missing one', async (t) => {
  const dir = await fresh(t);
  const plugins = [...builtInPlugins(), shoutingTokenizerModule(), dropModule()];
  const model = await TopicModel.fit(corpus(), {
    tokenizer: 'shouting',
    filters: [{ name: 'drop', options: { drop: ['THE', 'APPLE'] } }],
    decomposer: FAST,
    plugins,
  });
  t.true(model.vocabulary.includes('BANANA'));
  t.false(model.vocabulary.includes('THE'));
  t.false(model.vocabulary.includes('APPLE'));
  await model.save(join(dir, 'm'));
  const missing = await t.throwsAsync(TopicModel.load(join(dir, 'm')));
  t.true(isRivuletError(missing, 'unknown-plugin'));
  t.regex(
    missing?.message ?? '',
    /needs the tokenizer plugin "shouting", which no loaded plugin module registers \(tokenizers registered: default\)/,
  );
  const noFilter = await t.throwsAsync(
    TopicModel.load(join(dir, 'm'), { plugins: [...builtInPlugins(), shoutingTokenizerModule()] }),
  );
  t.regex(noFilter?.message ?? '', /needs the token-filter plugin "drop"/);
  const loaded = await TopicModel.load(join(dir, 'm'), { plugins });
  const [top] = await loaded.similar('banana melon apple', 1);
  t.regex(top.id!, /^fruit-/);
});

test('segmenting Chinese with another ICU than the model was made with is a warning, given once', async (t) => {
  const dir = await fresh(t);
  const docs = [
    { id: 'a', text: '微信支付接口不稳定' },
    { id: 'b', text: '我们需要稳定的微信支付接口' },
    { id: 'c', text: '床前明月光，疑是地上霜' },
    { id: 'd', text: '明月几时有，把酒问青天' },
  ];
  const model = await TopicModel.fit(docs, { decomposer: { name: 'nmf-cd', options: { components: 2 } } });
  await model.save(join(dir, 'same'));
  const warnings: string[] = [];
  const same = await TopicModel.load(join(dir, 'same'), { onWarning: (m) => warnings.push(m) });
  await same.transform(['明月']);
  t.deepEqual(warnings, []);
  // A model made elsewhere: the same data, recorded as made under another ICU.
  const saved = await loadModel(join(dir, 'same'));
  await saveModel(join(dir, 'other'), {
    ...saved,
    created: { ...saved.created!, runtime: 'deno', runtimeVersion: '2.9.0', icu: '0.1' },
  });
  const other = await TopicModel.load(join(dir, 'other'), { onWarning: (m) => warnings.push(m) });
  await other.transform(['only english words']);
  t.deepEqual(warnings, []);
  await other.transform(['明月', '稳定']);
  await other.similar('微信');
  t.is(warnings.length, 1);
  t.regex(
    warnings[0],
    /^model ".*other" was made with ICU 0\.1 \(deno 2\.9\.0\) but this runtime has ICU [\d.]+: Intl\.Segmenter may split Chinese/,
  );
});

test('a model saved by rivulet topics --save of Rivulet 0.1 (format 1) still loads and scores documents as it did', async (t) => {
  const model = await TopicModel.load(join(FIXTURES, 'cli-model-v1'));
  t.is(model.created, undefined);
  t.deepEqual(model.pipeline.tokenizer, {
    name: 'default',
    options: { lang: 'auto', stopWords: 'en', ngram: [1, 1] },
  });
  t.is(model.pipeline.decomposer.name, 'nmf-cd');
  const docs = (await readFile(join(FIXTURES, 'cli-model-v1-docs.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const trained = (await readFile(join(FIXTURES, 'cli-model-v1-train.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const W = await model.transform(docs);
  for (let i = 0; i < docs.length; i++) {
    const row = Array.from(W.row(i));
    t.is(row.indexOf(Math.max(...row)), trained[i].top_topic, docs[i].id);
  }
  // Re-saving writes the current format, with the vocabulary and idf once.
  const dir = await fresh(t);
  await model.save(join(dir, 'v2'));
  const json = JSON.parse(await readFile(join(dir, 'v2', 'model.json'), 'utf8'));
  t.is(json.formatVersion, MODEL_FORMAT_VERSION);
  t.false(JSON.stringify(json.settings).includes('"anchor"'));
  t.deepEqual(Array.from((await TopicModel.load(join(dir, 'v2'))).H.data), Array.from(model.H.data));
});

test('a model trained on a ready matrix transforms matrices, and refuses text with a clear error', async (t) => {
  const matrix = {
    matrix: CsrMatrix.fromDense([
      [3, 1, 0, 0],
      [2, 0, 0, 1],
      [0, 0, 4, 2],
      [0, 1, 3, 0],
    ]),
    vocabulary: ['a', 'b', 'c', 'd'],
    ids: ['1', '2', '3', '4'],
    weighting: { kind: 'count', norm: null },
  } as const;
  const model = await TopicModel.train(matrix, { decomposer: { name: 'svd', options: { components: 2 } } });
  t.is(model.pipeline.tokenizer, null);
  t.is(model.transformMatrix(matrix).rows, 4);
  const error = await t.throwsAsync(model.transform(['a b']));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /was trained on a document-term matrix, so it cannot read text/);
  const wrong = t.throws(() => model.transformMatrix({ ...matrix, matrix: CsrMatrix.fromDense([[1, 2]]) }));
  t.is(wrong?.message, 'TopicModel: the model has 4 terms but the matrix has 2 columns');
});

test('bad plugin choices are invalid-option errors; an unknown name is unknown-plugin', async (t) => {
  const docs = corpus();
  const bad = await t.throwsAsync(TopicModel.fit(docs, { decomposer: { name: '' } }));
  t.true(isRivuletError(bad, 'invalid-option'));
  const unknown = await t.throwsAsync(TopicModel.fit(docs, { decomposer: 'lda' }));
  t.true(isRivuletError(unknown, 'unknown-plugin'));
  t.regex(unknown?.message ?? '', /no decomposer named "lda"; registered: nmf-mu, nmf-cd, svd/);
});

test('document filters run before tokenizing, are saved by name and options, and run again on load', async (t) => {
  const dir = await fresh(t);
  await writeFile(join(dir, 'mask.mjs'), MASK_MODULE);
  const { maskModule } = await import(join(dir, 'mask.mjs'));
  const plugins = [...builtInPlugins(), maskModule()];
  const docs = [...corpus(), { id: 'skipped', text: 'skip this kernel' }];
  const documentFilters = [{ name: 'mask', options: { mask: 'apple', skip: 'skip' } }];
  const model = await TopicModel.fit(docs, { documentFilters, decomposer: FAST, plugins });
  t.false(model.vocabulary.includes('apple'));
  t.true(model.vocabulary.includes('banana'));
  t.false(model.ids?.includes('skipped'));
  t.deepEqual(model.pipeline.documentFilters, documentFilters);
  await model.save(join(dir, 'm'));
  const missing = await t.throwsAsync(TopicModel.load(join(dir, 'm')));
  t.true(isRivuletError(missing, 'unknown-plugin'));
  t.regex(
    missing?.message ?? '',
    /needs the document-filter plugin "mask", which no loaded plugin module registers/,
  );
  // In a new process: the filter comes from the modules the caller passes, with the saved options.
  const script = `
    import { builtInPlugins, TopicModel } from ${JSON.stringify(import.meta.resolve('@rivulet/model'))};
    import { maskModule } from ${JSON.stringify(join(dir, 'mask.mjs'))};
    const model = await TopicModel.load(${JSON.stringify(join(dir, 'm'))}, { plugins: [...builtInPlugins(), maskModule()] });
    const rows = await model.transform(['apple grape', 'grape']);
    console.log(JSON.stringify({ filters: model.pipeline.documentFilters, a: Array.from(rows.row(0)), b: Array.from(rows.row(1)) }));
  `;
  await writeFile(join(dir, 'load.mjs'), script);
  const child = JSON.parse((await run(process.execPath, [join(dir, 'load.mjs')])).stdout);
  t.deepEqual(child.filters, documentFilters);
  // 'apple' is masked before tokenizing, so "apple grape" reads as "grape".
  t.deepEqual(child.a, child.b);
  t.true(child.a.some((v: number) => v > 0));
  const loaded = await TopicModel.load(join(dir, 'm'), { plugins });
  const error = await t.throwsAsync(loaded.transform(['grape', 'skip me']));
  t.true(isRivuletError(error, 'invalid-input'));
  t.regex(
    error?.message ?? '',
    /the filters of model ".*" \("mask"\) dropped document "1", but transform gives one row per document given/,
  );
  const bad = await t.throwsAsync(TopicModel.fit(docs, { documentFilters: 'mask' as never, plugins }));
  t.regex(
    bad?.message ?? '',
    /documentFilters must be an array of plugin names or \{ name, options \}, got "mask"/,
  );
});

test('the model keeps each document’s beginning (snippets) in row order, saves and loads it; snippetLength 0 keeps none', async (t) => {
  const dir = await fresh(t);
  const docs = corpus();
  docs[0] = { id: docs[0].id, text: `${'long '.repeat(60)} end` };
  const model = await TopicModel.fit(docs, { decomposer: FAST, snippetLength: 12 });
  t.is(model.snippets?.length, docs.length);
  t.is(model.snippets?.[0], 'long long lo…');
  t.is(model.snippets?.[1], textSnippet((docs[1] as { text: string }).text, 12));
  const [best] = await model.similar({ id: 'sea-3' }, 1);
  t.is(model.snippets?.[best.index], textSnippet((docs[best.index] as { text: string }).text, 12));
  await model.save(join(dir, 'with'));
  t.deepEqual((await TopicModel.load(join(dir, 'with'))).snippets, model.snippets);
  const none = await TopicModel.fit(docs, { decomposer: FAST, snippetLength: 0 });
  t.is(none.snippets, undefined);
  await none.save(join(dir, 'without'));
  const loaded = await TopicModel.load(join(dir, 'without'));
  t.is(loaded.snippets, undefined, 'a model saved without snippets (as before 0.3) loads');
  t.is((await loaded.similar('banana melon', 2)).length, 2);
  const tokens = await TopicModel.fit(
    docs.map((d) => ({ id: d.id, tokens: ('text' in d ? d.text : '').split(' ') })),
    { decomposer: FAST },
  );
  t.is(tokens.snippets, undefined, 'pre-tokenized documents have no text to keep');
  await t.throwsAsync(TopicModel.fit(docs, { decomposer: FAST, snippetLength: -1 }), {
    message: /snippetLength/,
  });
});

/** Calls to the span tokenizer and to the stage of the `spaced` tokenizer below. */
const spacedCalls = { spans: 0, stage: 0 };

/** Words between spaces, as spans: a third party's tokenizer with the tokenSpans capability. */
const spacedWords: SpanTokenizer = (doc, index, sink) => {
  spacedCalls.spans++;
  return spaceWords(doc, index, sink);
};

const spacedTokenizerModule = definePlugin({
  role: 'tokenizer',
  name: 'spaced',
  description: 'test tokenizer: words between spaces, also as spans',
  options: {},
  stage: () =>
    map((doc: Document): TokenizedDocument => {
      spacedCalls.stage++;
      const tokens: string[] = [];
      spacedWords(doc, 0, { token: (text, start, end) => tokens.push(text.slice(start, end)) });
      spacedCalls.spans--;
      return { id: doc.id, tokens };
    }),
  capabilities: { tokenSpans: () => spacedWords },
});

test('vectorize counts spans when tokenizer and vectorizer can and no token filter is between; the same matrix either way', async (t) => {
  const plugins = [...builtInPlugins(), spacedTokenizerModule(), dropModule()];
  type Vectorized = Awaited<ReturnType<typeof TopicModel.vectorize>>;
  const sameMatrix = (a: Vectorized, b: Vectorized) => {
    t.deepEqual(a.matrix.vocabulary, b.matrix.vocabulary);
    t.deepEqual(a.matrix.ids, b.matrix.ids);
    t.deepEqual([...a.matrix.matrix.indices], [...b.matrix.matrix.indices]);
    t.deepEqual([...a.matrix.matrix.data], [...b.matrix.matrix.data]);
  };
  spacedCalls.spans = spacedCalls.stage = 0;
  const spans = await TopicModel.vectorize(corpus(), { tokenizer: 'spaced', plugins });
  t.deepEqual(spacedCalls, { spans: 30, stage: 0 });
  const staged = await TopicModel.vectorize(corpus(), {
    tokenizer: 'spaced',
    filters: [{ name: 'drop', options: { drop: [] } }],
    plugins,
  });
  t.deepEqual(spacedCalls, { spans: 30, stage: 30 });
  sameMatrix(spans, staged);
  t.deepEqual(spans.filters, []);
  // The built-in tokenizer and vectorizer declare both capabilities: the same matrix as through their stages.
  const options = { tokenizer: { name: 'default', options: { stopWords: 'en' } }, plugins };
  sameMatrix(
    await TopicModel.vectorize(corpus(), options),
    await TopicModel.vectorize(corpus(), { ...options, filters: [{ name: 'drop', options: { drop: [] } }] }),
  );
  // Their options are checked as their stages check them.
  for (const bad of [
    { tokenizer: { name: 'default', options: { lang: 'fr' } } },
    { vectorizer: { name: 'default', options: { minDf: -1 } } },
  ]) {
    const error = await t.throwsAsync(TopicModel.vectorize(corpus(), { ...bad, plugins }));
    t.true(isRivuletError(error) && error.kind === 'invalid-option', String(error));
  }
});
