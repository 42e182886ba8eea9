import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';

test('README snippet', (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  const printed = /prints\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined || printed === undefined) return t.fail('README has no js snippet and output');
  // Run as a user would: an ES module importing the package by name.
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  t.is(stdout, printed);
});
