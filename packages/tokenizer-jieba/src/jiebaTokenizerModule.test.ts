import {
  createContainer,
  listPlugins,
  PIPELINE,
  resolvePlugin,
  TOKENIZER,
  type TokenizerStage,
} from '@rivulet/core';
import { tokenizerModule } from '@rivulet/tokenizer';
import test from 'ava';
import { firstValueFrom, of } from 'rxjs';
import { jiebaTokenizerModule } from './index.js';

test('loaded after the default tokenizer, jieba becomes the active TOKENIZER; both are listed', async (t) => {
  const container = createContainer([tokenizerModule(), jiebaTokenizerModule({ stopWords: 'zh' })]);
  const stage = container.get(TOKENIZER);
  t.is(stage.name, 'jieba');
  t.deepEqual(await firstValueFrom(stage.apply(of({ id: 'a', text: '开源的客户端' }))), {
    id: 'a',
    tokens: ['开源', '客户端'],
  });
  t.deepEqual(
    listPlugins(container, 'tokenizer').map((p) => p.name),
    ['default', 'jieba'],
  );
  t.true(container.isBound(PIPELINE));
});

test('the descriptor creates a stage with the module’s options overridden key by key', async (t) => {
  const container = createContainer([jiebaTokenizerModule({ stopWords: 'zh', hmm: false })]);
  const stage = resolvePlugin<TokenizerStage>(container, 'tokenizer', 'jieba', { hmm: true });
  // stopWords kept from the module, hmm from the call.
  t.deepEqual((await firstValueFrom(stage.apply(of({ id: 'a', text: '的微信' })))).tokens, ['微信']);
});

test('bad module options reach the stream as invalid-option', async (t) => {
  const stage = createContainer([jiebaTokenizerModule({ hmm: 1 } as never)]).get(TOKENIZER);
  const error = await t.throwsAsync(firstValueFrom(stage.apply(of({ id: 'a', text: 'x' }))));
  t.is(error?.message, 'tokenize-jieba: hmm must be true or false, got 1');
});
