import test from 'ava';
import { ContainerModule, injectable } from 'inversify';
import { firstValueFrom, map, type Observable, of, toArray } from 'rxjs';
import { bindActive, createContainer, listPlugins, resolvePlugin } from './plugins.js';
import { isRivuletError } from './RivuletError.js';
import type { Stage } from './Stage.js';
import { PLUGINS, TOKENIZER } from './tokens.js';

@injectable()
class Upper implements Stage<string, string> {
  readonly name = 'upper';
  apply(source: Observable<string>) {
    return source.pipe(map((s) => s.toUpperCase()));
  }
}
@injectable()
class Reverse implements Stage<string, string> {
  readonly name = 'reverse';
  apply(source: Observable<string>) {
    return source.pipe(map((s) => [...s].reverse().join('')));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: test stand-ins for the tokenizer role
const module = (cls: any, name: string) =>
  new ContainerModule((options) => {
    options
      .bind(PLUGINS)
      .toConstantValue({ role: 'tokenizer', name, description: name, create: () => new cls() });
    bindActive(options, TOKENIZER, cls);
  });

test('the module loaded last is the active stage; all stay discoverable by name', async (t) => {
  const c = createContainer([module(Upper, 'upper'), module(Reverse, 'reverse')]);
  // biome-ignore lint/suspicious/noExplicitAny: stand-in stage
  const active = c.get(TOKENIZER) as any as Stage<string, string>;
  t.is(active.name, 'reverse');
  t.deepEqual(await firstValueFrom(active.apply(of('ab', 'cd')).pipe(toArray())), ['ba', 'dc']);
  t.deepEqual(
    listPlugins(c, 'tokenizer').map((p) => p.name),
    ['upper', 'reverse'],
  );
  t.is(resolvePlugin(c, 'tokenizer', 'upper').name, 'upper');
});

test('an unknown plugin name is an unknown-plugin error listing what is registered', (t) => {
  const c = createContainer([module(Upper, 'upper')]);
  const error = t.throws(() => resolvePlugin(c, 'tokenizer', 'jieba'));
  t.true(isRivuletError(error, 'unknown-plugin'));
  t.is(error?.message, 'container: no tokenizer named "jieba"; registered: upper');
});

test('createContainer rejects what is not a ContainerModule', (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const error = t.throws(() => createContainer([{} as any]));
  t.true(isRivuletError(error, 'invalid-option'));
});
