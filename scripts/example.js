#!/usr/bin/env node
// `pnpm example <name> [args…]` runs the compiled examples/<name>.ts with its arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`example: name must be one of ${available.join(', ')}, got ${name ?? 'nothing'}`);
  process.exit(2);
}
const file = join(root, 'build', 'examples', `${name}.js`);
if (!existsSync(file)) {
  console.error(`example: ${file} is missing; run \`pnpm build\` first`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
