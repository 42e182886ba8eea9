/**
 * The ICU warning of a saved model follows the tokenizer's `segmentation` capability: a model tokenized
 * by `Intl.Segmenter` (the default tokenizer, `'icu'`) warns when it segments Chinese under another ICU
 * version than it was made with; one tokenized by jieba (`'dictionary'`, its dictionary ships with it)
 * does not, since its words do not depend on the runtime.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, saveModel } from '@rivulet/decomposition';
import { builtInPlugins, TopicModel } from '@rivulet/model';
import { tokenizerModule } from '@rivulet/tokenizer';
import { jiebaTokenizerModule } from '@rivulet/tokenizer-jieba';
import test from 'ava';

const docs = [
  { id: 'a', text: '微信支付接口不稳定，客户端需要重试' },
  { id: 'b', text: '我们需要稳定的微信支付接口和客户端' },
  { id: 'c', text: '床前明月光，疑是地上霜' },
  { id: 'd', text: '明月几时有，把酒问青天' },
];
const plugins = [...builtInPlugins(), jiebaTokenizerModule()];

/** Fits with `tokenizer`, saves, and saves again as if made under ICU 0.1; returns the warnings on use. */
async function warningsOnOtherIcu(t: import('ava').ExecutionContext, tokenizer: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-icu-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const model = await TopicModel.fit(docs, {
    tokenizer,
    decomposer: { name: 'nmf-cd', options: { components: 2, seed: 0 } },
    plugins,
  });
  await model.save(join(dir, 'here'));
  const saved = await loadModel(join(dir, 'here'));
  await saveModel(join(dir, 'elsewhere'), {
    ...saved,
    created: { ...saved.created!, runtime: 'deno', runtimeVersion: '2.9.0', icu: '0.1' },
  });
  const warnings: string[] = [];
  const loaded = await TopicModel.load(join(dir, 'elsewhere'), {
    plugins,
    onWarning: (m) => warnings.push(m),
  });
  t.is(loaded.pipeline.tokenizer?.name, tokenizer);
  const row = (await loaded.transform(['微信支付客户端'])).row(0);
  t.true(
    row.some((v) => v > 0),
    'the text was read with the model vocabulary',
  );
  return warnings;
}

test('the descriptors declare how they segment: the default tokenizer by ICU, jieba by its dictionary', (t) => {
  t.is(tokenizerModule.descriptor.capabilities.segmentation, 'icu');
  t.is(jiebaTokenizerModule.descriptor.capabilities.segmentation, 'dictionary');
});

test('a model tokenized by Intl.Segmenter warns on another ICU', async (t) => {
  const warnings = await warningsOnOtherIcu(t, 'default');
  t.is(warnings.length, 1);
  t.regex(warnings[0], /was made with ICU 0\.1 \(deno 2\.9\.0\) but this runtime has ICU/);
});

test('a model tokenized by jieba does not warn on another ICU (its words do not depend on it)', async (t) => {
  t.deepEqual(await warningsOnOtherIcu(t, 'jieba'), []);
});
