#!/usr/bin/env node
/**
 * Bun and Deno run the compiled examples too (issue 11, item 8): every `build/examples/*.js` runs under
 * Node, then under Bun and Deno as installed from npm (`npx -y bun`, `npx -y deno`), and each output must
 * equal Node's line for line — except lines that report wall-clock work (how many epochs fit in a time
 * budget, how often a host timer fired), and Chinese segmented by `Intl.Segmenter`, whose words follow
 * each runtime's ICU (Node 20 and Deno differ; that difference is printed, not failed). Chinese segmented
 * by jieba (`chinese-topics --tokenizer jieba`) must be identical everywhere: its dictionary ships with it.
 * Prints TAP and exits non-zero on a failure. Needs the npm registry (it installs the runtimes), so it runs
 * from .ci/run. Run `pnpm build` first.
 *
 * Usage: node scripts/runtimes.mjs [example …]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = join(ROOT, 'build', 'examples');
const RUNTIMES = {
  bun: ['npx', ['-y', 'bun@1.4.5']],
  deno: ['npx', ['-y', 'deno@2.9.6', 'run', '--allow-all']],
};
/** Lines that measure time, not results: they may differ between any two runs. */
const TIMED = /^(time budget: |worker: .*host timer fired )/;
/** Examples whose text goes through Intl.Segmenter, so whose numbers follow the runtime's ICU. */
const ICU_DEPENDENT = new Set(['chinese-topics']);

/**
 * The examples checked under each runtime: every one that was compared when this list was written. A new
 * example joins once it has been run under Bun and Deno (a native addon may have no binary for them).
 */
const CHECKED = [
  'seed',
  'quickstart',
  'chinese-topics',
  'swap-decomposer',
  'training-stream',
  'live-similarity',
  'topic-model',
  'custom-stage',
];
const names = process.argv.slice(2);
const cases = (names.length > 0 ? names : CHECKED).map((name) => ({ name, args: [] }));
const unchecked = readdirSync(BUILT)
  .filter((f) => f.endsWith('.js') && !CHECKED.includes(f.slice(0, -3)))
  .map((f) => f.slice(0, -3));
if (names.length === 0 && unchecked.length > 0)
  process.stdout.write(`# not yet compared under Bun and Deno: ${unchecked.join(', ')}\n`);
cases.push({ name: 'chinese-topics', args: ['--tokenizer', 'jieba'] });

let count = 0;
let failed = 0;
function report(ok, name, detail = []) {
  count++;
  if (!ok) failed++;
  process.stdout.write(`${ok ? 'ok' : 'not ok'} ${count} - ${name}\n`);
  for (const line of detail) process.stdout.write(`  # ${line}\n`);
}

function run(cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20 });
  return {
    ok: r.status === 0,
    out: r.stdout ?? '',
    err: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
    seconds: (Date.now() - t0) / 1000,
  };
}

for (const [runtime, [cmd, base]] of Object.entries(RUNTIMES)) {
  const version = run(cmd, [...base.filter((a) => a !== 'run' && a !== '--allow-all'), '--version']);
  report(
    version.ok,
    `${runtime} installs from npm and starts (${version.out.split('\n')[0].trim()})`,
    version.ok ? [] : [version.err],
  );
}

for (const { name, args } of cases) {
  const file = join(BUILT, `${name}.js`);
  if (!existsSync(file)) {
    report(false, `${name}: ${file} is missing (run pnpm build first)`);
    continue;
  }
  const label = [name, ...args].join(' ');
  const node = run(process.execPath, [file, ...args]);
  if (!node.ok) {
    report(false, `${label} under node`, node.err.split('\n').slice(-10));
    continue;
  }
  for (const [runtime, [cmd, base]] of Object.entries(RUNTIMES)) {
    const other = run(cmd, [...base, file, ...args]);
    if (!other.ok) {
      report(false, `${label} under ${runtime}`, other.err.split('\n').slice(-10));
      continue;
    }
    const a = node.out.split('\n');
    const b = other.out.split('\n');
    const differing = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i] || (TIMED.test(a[i] ?? '') && TIMED.test(b[i] ?? ''))) continue;
      differing.push(
        `node:     ${a[i] ?? '(no line)'}`,
        `${runtime}: ${' '.repeat(Math.max(0, 8 - runtime.length))}${b[i] ?? '(no line)'}`,
      );
    }
    const icu = ICU_DEPENDENT.has(name) && args.length === 0;
    const ok = differing.length === 0 || icu;
    const note = icu && differing.length > 0 ? ' (differs: Intl.Segmenter follows the runtime’s ICU)' : '';
    report(
      ok,
      `${label} under ${runtime}: the same output as node${note} in ${other.seconds.toFixed(1)} s`,
      differing.slice(0, 8),
    );
  }
}
process.stdout.write(`1..${count}\n# ${count - failed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
