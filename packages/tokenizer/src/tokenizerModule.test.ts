import { createContainer, listPlugins, resolvePlugin, TOKENIZER, type TokenizerStage } from '@rivulet/core';
import test from 'ava';
import { firstValueFrom, of } from 'rxjs';
import { Tokenizer, tokenizerModule } from './index.js';

test('the module binds the Tokenizer stage with its options and registers the plugin', async (t) => {
  const container = createContainer([tokenizerModule({ stopWords: 'en' })]);
  const stage = container.get(TOKENIZER);
  t.true(stage instanceof Tokenizer);
  t.is(stage.name, 'default');
  const out = await firstValueFrom(stage.apply(of({ id: 'a', text: 'The Cat' })));
  t.deepEqual(out, { id: 'a', tokens: ['cat'] });
  t.deepEqual(
    listPlugins(container, 'tokenizer').map((p) => p.name),
    ['default'],
  );
});

test('the module loaded last wins, options included', async (t) => {
  const container = createContainer([tokenizerModule({ lang: 'en' }), tokenizerModule({ lang: 'zh' })]);
  const out = await firstValueFrom(container.get(TOKENIZER).apply(of({ id: 'a', text: '微信支付' })));
  t.deepEqual(out.tokens, ['微', '信', '支付']);
});

test('the descriptor creates a stage from options', async (t) => {
  const container = createContainer([tokenizerModule()]);
  const stage = resolvePlugin<TokenizerStage>(container, 'tokenizer', 'default', { ngram: 2 });
  const out = await firstValueFrom(stage.apply(of({ id: 'a', text: 'one two three' })));
  t.deepEqual(out.tokens, ['one two', 'two three']);
});

test('bad module options reach the stream as invalid-option', async (t) => {
  const stage = createContainer([tokenizerModule({ chunkSize: 1 })]).get(TOKENIZER);
  const error = await t.throwsAsync(firstValueFrom(stage.apply(of({ id: 'a', text: 'x' }))));
  t.is(error?.message, 'tokenize: chunkSize must be an integer in [64, 32768], got 1');
});
