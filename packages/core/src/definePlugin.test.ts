import test from 'ava';
import { firstValueFrom, map, of, toArray } from 'rxjs';
import { definePlugin, isPluginDescriptor, isPluginFactory, isPluginModule } from './definePlugin.js';
import { loadPluginFactory, loadWorkerExport } from './loadWorkerExport.js';
import { createContainer, findPlugin, listPlugins, resolvePlugin } from './plugins.js';
import { isRivuletError } from './RivuletError.js';
import { roleSpec, roleToken } from './roles.js';
import type { Stage } from './Stage.js';

interface JoinOptions {
  readonly separator?: string;
  readonly prefix?: string;
  readonly upper?: boolean;
}

const joinModule = definePlugin({
  role: 'joiner',
  input: 'tokens',
  output: 'text',
  name: 'join',
  description: 'joins tokens into one string',
  options: {
    separator: { type: 'string', default: ' ', description: 'between tokens' },
    prefix: { type: 'string', default: '', description: 'before the text' },
    upper: { type: 'boolean', default: false, description: 'upper-case the text' },
  },
  stage: ({ separator = ' ', prefix = '', upper = false }: JoinOptions) =>
    map((d: { tokens: string[] }) => {
      const text = prefix + d.tokens.join(separator);
      return upper ? text.toUpperCase() : text;
    }),
});

const run = (stage: Stage<{ tokens: string[] }, string>) =>
  firstValueFrom(stage.apply(of({ tokens: ['a', 'b'] })).pipe(toArray()));

test('a plugin of a new role: the role is declared with its kinds and token; factory, module and descriptor are branded', (t) => {
  t.true(isPluginFactory(joinModule));
  const module = joinModule({ separator: '-' });
  t.true(isPluginModule(module));
  t.true(isPluginDescriptor(module.descriptor));
  t.deepEqual(module.descriptor.moduleOptions, { separator: '-' });
  t.deepEqual(joinModule.descriptor.moduleOptions, {});
  t.like(roleSpec('joiner'), {
    input: 'tokens',
    output: 'text',
    multiple: false,
    token: roleToken('joiner'),
  });
  const c = createContainer([module]);
  t.true(c.isBound(Symbol.for('rivulet.joiner')));
  t.deepEqual(
    listPlugins(c, 'joiner').map((p) => [p.name, p.description]),
    [['join', 'joins tokens into one string']],
  );
});

test('the create rule: module options, overridden key by key; undefined does not override', async (t) => {
  const c = createContainer([joinModule({ separator: '-', prefix: '> ' })]);
  t.deepEqual(await run(resolvePlugin(c, 'joiner', 'join')), ['> a-b']);
  t.deepEqual(await run(resolvePlugin(c, 'joiner', 'join', { upper: true })), ['> A-B']);
  t.deepEqual(await run(resolvePlugin(c, 'joiner', 'join', { separator: '+', prefix: undefined })), [
    '> a+b',
  ]);
  t.deepEqual(findPlugin(c, 'joiner', 'join').resolveOptions({ upper: true, prefix: undefined }), {
    separator: '-',
    prefix: '> ',
    upper: true,
  });
  // The active binding runs with the module's options.
  t.deepEqual(await run(c.get(Symbol.for('rivulet.joiner')) as Stage<{ tokens: string[] }, string>), [
    '> a-b',
  ]);
});

test('a malformed definition is an invalid-option error naming the field', (t) => {
  const base = { role: 'joiner', name: 'x', description: 'x', options: {}, stage: () => map((x) => x) };
  const message = (d: unknown) => t.throws(() => definePlugin(d as never))?.message;
  t.is(
    message({ ...base, name: 'a b' }),
    'definePlugin: name must be a name of letters, digits, ".", "_" or "-", got "a b"',
  );
  t.is(
    message({ ...base, description: '' }),
    'definePlugin: description must be a one-line description, got ""',
  );
  t.regex(
    message({ ...base, options: { n: { type: 'integer' } } }) ?? '',
    /^definePlugin: options\.n must be an option spec/,
  );
  t.regex(message({ ...base, stage: 3 }) ?? '', /^definePlugin: stage must be a function/);
  t.true(
    isRivuletError(
      t.throws(() => definePlugin(null as never)),
      'invalid-option',
    ),
  );
});

test('a module made with non-object options is refused at once', (t) => {
  const error = t.throws(() => joinModule(3 as never));
  t.is(error?.message, 'join: options must be an object, got 3');
});

test('validate checks module options when the module is made and resolved options on create', (t) => {
  const strict = definePlugin({
    role: 'joiner',
    name: 'strict',
    description: 'refuses an empty separator',
    options: { separator: { type: 'string', description: 'between tokens' } },
    validate: (o: { separator?: string }) => {
      if (o.separator === '') throw new Error('empty separator');
    },
    stage: () => map((x: { tokens: string[] }) => x.tokens.join()),
  });
  t.throws(() => strict({ separator: '' }), { message: 'empty separator' });
  const c = createContainer([strict({ separator: ',' })]);
  t.throws(() => resolvePlugin(c, 'joiner', 'strict', { separator: '' }), { message: 'empty separator' });
});

test('loadPluginFactory imports a factory by module and export, and refuses what is not one', async (t) => {
  const here = new URL('./testing/fakes.js', import.meta.url).href;
  const factory = await loadPluginFactory({ module: here, export: 'fakeDecomposerModule' });
  t.is(factory.descriptor.name, 'fake-decomposer');
  const notOne = await t.throwsAsync(loadPluginFactory({ module: here, export: 'nope' }));
  t.true(isRivuletError(notOne, 'unknown-plugin'));
  const missing = await t.throwsAsync(loadPluginFactory({ module: `${here}.missing.js`, export: 'x' }));
  t.true(isRivuletError(missing, 'unknown-plugin'));
});

test('loadWorkerExport tells a plugin factory from a training function, and refuses anything else', async (t) => {
  const here = new URL('./testing/fakes.js', import.meta.url).href;
  const plugin = await loadWorkerExport({ module: here, export: 'fakeDecomposerModule' });
  t.is(plugin.kind, 'plugin');
  t.is(plugin.kind === 'plugin' && plugin.factory.descriptor.name, 'fake-decomposer');
  const module = 'data:text/javascript,export const train = (m, o) => [m, o]; export const three = 3;';
  const fn = await loadWorkerExport({ module, export: 'train' });
  t.is(fn.kind, 'function');
  t.deepEqual(fn.kind === 'function' && fn.train(1, { a: 2 }), [1, { a: 2 }]);
  const notOne = await t.throwsAsync(loadWorkerExport({ module, export: 'three' }));
  t.true(isRivuletError(notOne, 'unknown-plugin'));
  t.regex(
    notOne?.message ?? '',
    /^loadWorkerExport: export "three" of "data:.*" is neither a plugin factory/,
  );
  const missing = await t.throwsAsync(loadWorkerExport({ module: `${here}.missing.js`, export: 'x' }));
  t.true(isRivuletError(missing, 'unknown-plugin'));
  t.regex(missing?.message ?? '', /^loadWorkerExport: cannot import "x" of/);
});
