import {
  bindActive,
  createContainer,
  type Document,
  listPlugins,
  resolvePlugin,
  TOKENIZER,
  type TokenizerStage,
} from '@rivulet/core';
import test from 'ava';
import { ContainerModule, inject, injectable } from 'inversify';
import { firstValueFrom, map, type Observable, of } from 'rxjs';
import { Tokenizer, tokenizerModule } from './index.js';

test('the module binds the tokenizer stage with its options and registers the plugin', async (t) => {
  const container = createContainer([tokenizerModule({ stopWords: 'en' })]);
  const stage = container.get(TOKENIZER);
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

test('create(options): the module options, overridden key by key (they were ignored before)', async (t) => {
  const container = createContainer([tokenizerModule({ stopWords: 'en', ngram: 2 })]);
  const stage = resolvePlugin<TokenizerStage>(container, 'tokenizer', 'default', {
    ngram: 1,
    lang: undefined,
  });
  const out = await firstValueFrom(stage.apply(of({ id: 'a', text: 'The cat and the hat' })));
  t.deepEqual(out.tokens, ['cat', 'hat'], 'stopWords from the module, ngram from the call');
});

test('a user wrapper around the Tokenizer class works with or without tokenizerModule loaded (no options binding needed)', async (t) => {
  @injectable()
  class Shouting implements TokenizerStage {
    readonly name = 'shouting';
    constructor(@inject(Tokenizer) private readonly inner: Tokenizer) {}
    apply = (source: Observable<Document>) =>
      this.inner.apply(source).pipe(map((d) => ({ ...d, tokens: d.tokens.map((w) => w.toUpperCase()) })));
  }
  const shouting = new ContainerModule((load) => {
    bindActive(load, TOKENIZER, Shouting);
  });
  for (const modules of [[tokenizerModule({ lang: 'zh' }), shouting], [shouting]]) {
    const stage = createContainer(modules).get(TOKENIZER);
    t.is(stage.name, 'shouting');
    const out = await firstValueFrom(stage.apply(of({ id: 'a', text: 'Big cat' })));
    t.deepEqual(out.tokens, ['BIG', 'CAT']);
  }
});

test('bad module options reach the stream as invalid-option', async (t) => {
  const stage = createContainer([tokenizerModule({ chunkSize: 1 })]).get(TOKENIZER);
  const error = await t.throwsAsync(firstValueFrom(stage.apply(of({ id: 'a', text: 'x' }))));
  t.is(error?.message, 'tokenize: chunkSize must be an integer in [64, 32768], got 1');
});
