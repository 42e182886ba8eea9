/**
 * Input is data, never code: no package evaluates strings (`eval`, `new Function`, `node:vm`), and the
 * only dynamic `import()` of a path from outside is the CLI's `--plugin`, which loads code the user names
 * on purpose. A static scan of the sources, so a new `eval` cannot slip in unnoticed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...(await sources(path)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * Dynamic imports that are the package's own modules (relative literals) or a Rivulet package named by a
 * literal (a module loaded only when a command needs it, for start-up time), the CLI's plugin loader, or
 * core's `loadWorkerExport`, which imports the plugin a descriptor's `worker` capability names.
 */
const ALLOWED_IMPORTS = [
  /import\('\.\/[\w./-]+'\)/,
  /import\('@rivulet\/[\w-]+'\)/,
  /cli\/src\/loadPlugins\.ts$/,
  /core\/src\/loadWorkerExport\.ts$/,
];

test('no package evaluates strings as code; dynamic import only of its own modules or a named plugin', async (t) => {
  const files = (await readdir(PACKAGES)).map((p) => join(PACKAGES, p, 'src'));
  let scanned = 0;
  const findings: string[] = [];
  for (const dir of files) {
    for (const file of await sources(dir).catch(() => [] as string[])) {
      scanned++;
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        // `typeof import('node:os')` is a type, erased at compile time: no import happens.
        const code = line.replace(/\/\/.*$/, '').replace(/\btypeof\s+import\s*\(/g, 'typeof (');
        if (/^\s*\*/.test(code)) return;
        if (/\beval\s*\(|new Function\s*\(|['"]node:vm['"]/.test(code))
          findings.push(`${file}:${i + 1}: ${line.trim()}`);
        if (/\bimport\s*\(/.test(code) && !ALLOWED_IMPORTS.some((re) => re.test(code) || re.test(file))) {
          findings.push(`${file}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  t.log(`${scanned} source files scanned`);
  t.true(scanned > 50);
  t.deepEqual(findings, []);
});
