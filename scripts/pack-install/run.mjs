#!/usr/bin/env node
/**
 * The pack/install test (issue 11, "Done when"): packs every workspace package as it would be published,
 * installs the tarballs with npm into a temporary app OUTSIDE the workspace that pins other patch versions
 * of rxjs (7.8.1) and inversify (8.2.2), type-checks the app under strict NodeNext, and runs it: the
 * programs in app/src (a pipeline with the app's own token filter, a third-party decomposer from the app's
 * node_modules, checkPlugin on the app's plugin, jieba through the container and TopicModel, a TopicModel
 * saved in one process and used in another), and installs `@rivulet/cli` separately and runs it from the
 * app's directory: `rivulet topics --plugin rivulet-plugin-kmeans --decomposer kmeans` (the app's
 * third-party decomposer, a second copy of @rivulet/core beside the CLI's), the same with `--worker` (the
 * worker imports the plugin from the app's node_modules by its descriptor's worker capability), and
 * `--plugin @rivulet/tokenizer-jieba --tokenizer jieba` against the default tokenizer on the same corpus.
 * Prints TAP (`ok N - …` / `not ok N - …`)
 * and exits non-zero if anything failed. Needs the npm registry, so it runs from .ci/run, not `pnpm test`.
 *
 * Usage: node scripts/pack-install/run.mjs [--keep]   (--keep leaves the temporary directory for a look)
 * Environment: PNPM (default `npx -y pnpm@12.4.2`), the pnpm used to pack.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const PNPM = (process.env.PNPM ?? 'npx -y pnpm@12.4.2').split(' ');
/** Other patch versions than the workspace's 7.8.2 and 8.2.3: the app's copies must be the ones used. */
const APP_PINS = { rxjs: '7.8.1', inversify: '8.2.2', 'reflect-metadata': '0.2.2' };
const keep = process.argv.includes('--keep');

let count = 0;
let failed = 0;
/** One TAP line; `detail` (a failure's output) is printed as a YAML-ish comment block. */
function report(ok, name, detail = '') {
  count++;
  if (!ok) failed++;
  process.stdout.write(`${ok ? 'ok' : 'not ok'} ${count} - ${name}\n`);
  if (!ok && detail)
    process.stdout.write(
      `${detail
        .trim()
        .split('\n')
        .slice(-40)
        .map((l) => `  # ${l}`)
        .join('\n')}\n`,
    );
}

/** Runs a command; returns { ok, out } with stdout and stderr together. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000, ...options });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function step(name, fn) {
  try {
    const result = fn();
    if (result === true || result === undefined) report(true, name);
    else report(false, name, typeof result === 'string' ? result : JSON.stringify(result));
  } catch (error) {
    report(false, name, error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
  }
}

const work = mkdtempSync(join(tmpdir(), 'rivulet-pack-'));
if (relative(ROOT, work).split('/')[0] !== '..' && !relative(ROOT, work).startsWith('..')) {
  throw new Error(`pack-install: ${work} must be outside the workspace ${ROOT}`);
}
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

// 1. Pack every workspace package the way `pnpm publish` would (workspace: ranges replaced, prepack run).
const packageDirs = [
  ...readdirSync(join(ROOT, 'packages')).map((d) => join(ROOT, 'packages', d)),
  join(ROOT, 'examples', 'kmeans-plugin'),
].filter((d) => existsSync(join(d, 'package.json')));
const packed = new Map(); // name → tarball path

// prepack must build: pack one package with its dist removed, from a clean state.
const probe = join(ROOT, 'packages', 'testing');
rmSync(join(probe, 'dist'), { recursive: true, force: true });

for (const dir of packageDirs) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  step(`pnpm pack ${manifest.name}`, () => {
    const before = new Set(readdirSync(tarballs));
    const r = run(PNPM[0], [...PNPM.slice(1), 'pack', '--pack-destination', tarballs], { cwd: dir });
    if (!r.ok) return r.out;
    const made = readdirSync(tarballs).filter((f) => !before.has(f));
    if (made.length !== 1) return `expected one new tarball, got ${made.join(', ')}\n${r.out}`;
    packed.set(manifest.name, join(tarballs, made[0]));
    return checkTarball(join(tarballs, made[0]), manifest);
  });
}

/**
 * What a published package must hold: its entry points (so the build ran), README, CHANGELOG, and for every
 * source map the sources it points at (the policy ships `src` beside `dist`); never a test or a build cache.
 */
function checkTarball(file, manifest) {
  const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((e) => e.replace(/^package\//, ''));
  const has = new Set(entries);
  const problems = [];
  for (const need of ['package.json', 'README.md', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts']) {
    if (!has.has(need)) problems.push(`missing ${need}`);
  }
  for (const e of entries) {
    if (/\.test\.|tsbuildinfo/.test(e)) problems.push(`ships ${e}`);
  }
  const maps = entries.filter((e) => e.endsWith('.map'));
  if (maps.length > 0) {
    const extract = mkdtempSync(join(work, 'tar-'));
    execFileSync('tar', ['-xzf', file, '-C', extract]);
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(extract, 'package', m), 'utf8'));
      for (const s of map.sources ?? []) {
        const target = join(dirname(m), s);
        if (!has.has(target)) problems.push(`${m} points at ${target}, which is not in the tarball`);
      }
    }
  }
  const packedManifest = JSON.parse(
    execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' }),
  );
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries(packedManifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${dep} is still ${range}`);
    }
  }
  if (manifest.name !== packedManifest.name) problems.push(`name ${packedManifest.name}`);
  return problems.length === 0 ? true : problems.slice(0, 20).join('\n');
}

step('prepack builds: @rivulet/testing packed with its dist removed ships dist', () =>
  existsSync(join(probe, 'dist', 'index.js')) ? true : 'packages/testing/dist/index.js was not rebuilt',
);

// 2. The app, outside the workspace, with its own patch versions of the peers.
const app = join(work, 'app');
cpSync(join(HERE, 'app'), app, { recursive: true });
const corpus = readFileSync(join(ROOT, 'data', 'en.jsonl'), 'utf8')
  .split('\n')
  .slice(0, 400)
  .join('\n');
writeFileSync(join(app, 'en.jsonl'), `${corpus}\n`);
const zh = readFileSync(join(ROOT, 'data', 'zh.jsonl'), 'utf8')
  .split('\n')
  .slice(0, 300)
  .join('\n');
writeFileSync(join(app, 'zh.jsonl'), `${zh}\n`);
const tarballOf = (name) => `file:${packed.get(name)}`;
const appManifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
for (const name of packed.keys())
  if (name !== '@rivulet/cli') appManifest.dependencies[name] = tarballOf(name);
Object.assign(appManifest.dependencies, APP_PINS);
writeFileSync(join(app, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`);

// No install scripts: the native addons (jieba, usearch) ship prebuilt binaries; a script would only rebuild.
const npm = (args, cwd) =>
  run('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd });
step('npm install the tarballs into an app that pins rxjs 7.8.1 and inversify 8.2.2', () => {
  const r = npm(['install'], app);
  return r.ok ? true : r.out;
});

step('one copy each of rxjs 7.8.1, inversify 8.2.2 and reflect-metadata in the app', () => {
  const problems = [];
  for (const [dep, version] of Object.entries(APP_PINS)) {
    const r = run('npm', ['ls', dep, '--all', '--parseable', '--long'], { cwd: app });
    const copies = [...new Set(r.out.split('\n').filter((l) => l.includes(`/node_modules/${dep}:`)))];
    const versions = copies.map((l) => l.split(':')[1]);
    if (copies.length !== 1 || versions[0] !== `${dep}@${version}`)
      problems.push(
        `${dep}: ${copies.length} copies (${versions.join(', ')}), expected only ${dep}@${version}`,
      );
  }
  return problems.length === 0 ? true : problems.join('\n');
});

step(
  'the app type-checks under strict NodeNext (tsc, experimentalDecorators + emitDecoratorMetadata)',
  () => {
    const r = run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
      cwd: app,
    });
    return r.ok ? true : r.out;
  },
);

/** Runs a compiled program of the app; it prints `ok` lines itself and exits non-zero on failure. */
function program(file, args = [], cwd = app) {
  const r = run(process.execPath, [join(app, 'dist', file), ...args], { cwd });
  return r.ok ? true : r.out;
}

for (const [file, name] of [
  ['pipeline.js', 'a container pipeline with the app’s own token filter between tokenizer and vectorizer'],
  ['plugin.js', 'a third-party decomposer from the app’s node_modules, through the library'],
  ['checks.js', 'checkPlugin (@rivulet/testing) on the app’s own plugin'],
  ['tokenizer.js', 'a tokenizer plugin (@rivulet/tokenizer-jieba) through the container and TopicModel'],
]) {
  step(name, () => program(file));
}

const modelDir = join(work, 'model');
step('TopicModel fit → save', () => program('modelFit.js', [modelDir]));
step('TopicModel load in a new process → transform → similar', () => program('modelUse.js', [modelDir]));

// 3. A separately installed CLI: its own copies of the Rivulet packages, the app's plugins by --plugin.
const cli = join(work, 'cli');
mkdirSync(cli);
const cliManifest = { name: 'rivulet-cli-install', private: true, dependencies: { ...APP_PINS } };
for (const name of packed.keys()) {
  if (name.startsWith('@rivulet/') && name !== '@rivulet/testing')
    cliManifest.dependencies[name] = tarballOf(name);
}
writeFileSync(join(cli, 'package.json'), `${JSON.stringify(cliManifest, null, 2)}\n`);
step('npm install @rivulet/cli separately', () => {
  const r = npm(['install'], cli);
  return r.ok ? true : r.out;
});

const rivuletBin = join(cli, 'node_modules', '@rivulet', 'cli', 'dist', 'bin.js');
/** `rivulet …` of the separate install, run in the app's directory (plugins resolve from its node_modules). */
function rivulet(args) {
  const r = spawnSync(process.execPath, [rivuletBin, ...args], {
    cwd: app,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`rivulet ${args.join(' ')} exited ${r.status}\n${r.stdout}${r.stderr}`);
  return { json: JSON.parse(r.stdout), stderr: r.stderr };
}
const docCount = corpus.split('\n').filter((l) => l.trim() !== '').length;
const kmeansArgs = [
  'topics',
  'en.jsonl',
  '--plugin',
  'rivulet-plugin-kmeans',
  '--decomposer',
  'kmeans',
  '--components',
  '3',
  '--stop-words',
  'en',
  '--min-df',
  '2',
  '--json',
  '--quiet',
];
let kmeansHere;
step(
  'rivulet topics --plugin rivulet-plugin-kmeans --decomposer kmeans (the app’s plugin, the CLI’s own core)',
  () => {
    const { json, stderr } = rivulet(kmeansArgs);
    kmeansHere = json;
    const sizes = json.topics.map((t) => t.size);
    const problems = [];
    if (json.decomposer !== 'kmeans') problems.push(`decomposer ${json.decomposer}`);
    if (json.topics.length !== 3) problems.push(`${json.topics.length} topics, expected 3`);
    if (sizes.reduce((a, b) => a + b, 0) !== docCount)
      problems.push(`cluster sizes ${sizes} do not add up to ${docCount}`);
    if (!json.topics.every((t) => t.terms.length > 0)) problems.push('a topic without terms');
    if (/warn/i.test(stderr)) problems.push(`warnings: ${stderr}`);
    return problems.length === 0 ? true : problems.join('\n');
  },
);
step('the same with --worker: the worker imports the plugin from the app’s node_modules; same topics', () => {
  const { json } = rivulet([...kmeansArgs, '--worker']);
  const terms = (run) => JSON.stringify(run?.topics.map((t) => [t.size, t.terms.map((x) => x.term)]));
  if (json.decomposer !== 'kmeans' || json.topics.length !== 3)
    return `got ${json.decomposer}, ${json.topics.length} topics`;
  return terms(json) === terms(kmeansHere) ? true : `worker ${terms(json)}\nmain thread ${terms(kmeansHere)}`;
});

// A corpus where jieba and Intl.Segmenter disagree: jieba keeps 客户端 whole, ICU splits it (客户 / 端).
const tech = [
  '客户端连接服务器失败，客户端需要重新启动',
  '新版客户端修复了服务器连接的问题',
  '用户反馈客户端经常崩溃，服务器日志正常',
  '开源社区发布了新的代码仓库',
  '这个开源项目的代码质量很高，社区很活跃',
  '开源软件需要社区贡献代码和文档',
];
writeFileSync(
  join(app, 'zh-tech.jsonl'),
  `${Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `t${i}`, text: tech[i % tech.length] })).join('\n')}\n`,
);
const zhArgs = ['topics', 'zh-tech.jsonl', '--lang', 'zh', '--components', '2', '--json', '--quiet'];
const topTerms = (json) => new Set(json.topics.flatMap((t) => t.terms.map((x) => x.term)));
step(
  'rivulet topics --plugin @rivulet/tokenizer-jieba --tokenizer jieba segments with jieba (客户端 whole)',
  () => {
    const jieba = topTerms(
      rivulet([...zhArgs, '--plugin', '@rivulet/tokenizer-jieba', '--tokenizer', 'jieba']).json,
    );
    const icu = topTerms(rivulet(zhArgs).json);
    const problems = [];
    if (!jieba.has('客户端')) problems.push(`jieba's terms lack 客户端: ${[...jieba].join(' ')}`);
    if (icu.has('客户端'))
      problems.push(
        `the default tokenizer kept 客户端 too, so the run proves nothing: ${[...icu].join(' ')}`,
      );
    return problems.length === 0 ? true : problems.join('\n');
  },
);

if (!keep) rmSync(work, { recursive: true, force: true });
else process.stdout.write(`# kept ${work}\n`);
process.stdout.write(`1..${count}\n# ${count - failed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
