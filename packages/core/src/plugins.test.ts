import test from 'ava';
import { ContainerModule } from 'inversify';
import { firstValueFrom, map, of, toArray } from 'rxjs';
import { definePlugin } from './definePlugin.js';
import {
  bindActive,
  createContainer,
  findPlugin,
  isContainerModule,
  listPlugins,
  resolvePlugin,
} from './plugins.js';
import { isRivuletError } from './RivuletError.js';
import { TOKENIZER } from './tokens.js';

const textModule = (name: string, f: (s: string) => string) =>
  definePlugin({
    role: 'tokenizer',
    name,
    description: name,
    options: {},
    stage: () => map((d: { id: string; text: string }) => ({ id: d.id, tokens: [f(d.text)] })),
  });
const upperModule = textModule('upper', (s) => s.toUpperCase());
const reverseModule = textModule('reverse', (s) => [...s].reverse().join(''));

test('the module loaded last is the active stage; all stay discoverable by name', async (t) => {
  const c = createContainer([upperModule(), reverseModule()]);
  const active = c.get(TOKENIZER);
  t.is(active.name, 'reverse');
  const out = await firstValueFrom(
    active.apply(of({ id: '1', text: 'ab' }, { id: '2', text: 'cd' })).pipe(toArray()),
  );
  t.deepEqual(
    out.map((d) => d.tokens[0]),
    ['ba', 'dc'],
  );
  t.deepEqual(
    listPlugins(c, 'tokenizer').map((p) => p.name),
    ['upper', 'reverse'],
  );
  t.is(resolvePlugin(c, 'tokenizer', 'upper').name, 'upper');
});

test('an unknown plugin name is an unknown-plugin error listing what is registered, with a hint', (t) => {
  const c = createContainer([upperModule()]);
  const error = t.throws(() => resolvePlugin(c, 'tokenizer', 'jieba'));
  t.true(isRivuletError(error, 'unknown-plugin'));
  t.is(error?.message, 'container: no tokenizer named "jieba"; registered: upper');
  t.is(
    t.throws(() => findPlugin(c, 'tokenizer', 'uper'))?.message,
    'container: no tokenizer named "uper" (did you mean "upper"?); registered: upper',
  );
});

test('createContainer rejects what is not a container module, and says when a factory was not called', (t) => {
  // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's mistake
  const error = t.throws(() => createContainer([{} as any]));
  t.true(isRivuletError(error, 'invalid-option'));
  t.regex(error?.message ?? '', /^container: modules\[0\] must be a container module/);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  t.regex(t.throws(() => createContainer([upperModule as any]))?.message ?? '', /a plugin factory\? call it/);
});

test('a ContainerModule of another inversify copy is recognised by shape and loads', (t) => {
  // What a plugin built against its own copy of inversify hands over: not an instance of this copy's class.
  const real = new ContainerModule((options) => bindActive(options, TOKENIZER, class {} as never));
  const foreign = { id: real.id, load: (o: Parameters<ContainerModule['load']>[0]) => real.load(o) };
  t.false(foreign instanceof ContainerModule);
  t.true(isContainerModule(foreign));
  t.true(createContainer([foreign as ContainerModule]).isBound(TOKENIZER));
});
