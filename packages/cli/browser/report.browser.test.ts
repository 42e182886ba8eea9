/**
 * Opens a report written by the real `rivulet topics --report` in Debian's headless Chromium (driven by
 * playwright-core) and checks what a reader sees: one loss-curve point per epoch and every topic. Run with
 * `pnpm test:browser` (needs `apt-get install chromium`); `pnpm test` does not run it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';
import { chromium } from 'playwright-core';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../data/', import.meta.url));
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function rivulet(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`rivulet ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

for (const [name, lang, lines] of [
  ['en', 'en', 400],
  ['zh', 'zh', 300],
] as const) {
  test(`the ${name} report shows one loss point per epoch and every topic`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'rivulet-browser-'));
    const corpus = join(dir, `${name}.jsonl`);
    const text = await readFile(join(DATA, `${name}.jsonl`), 'utf8');
    await writeFile(corpus, `${text.split('\n').slice(0, lines).join('\n')}\n`);
    const report = join(dir, 'report.html');
    const run = JSON.parse(
      await rivulet([
        'topics',
        corpus,
        '--lang',
        lang,
        '--stop-words',
        lang,
        '--components',
        '6',
        '--max-epochs',
        '60',
        '--solver',
        'mu',
        '--report',
        report,
        '--json',
        '--quiet',
      ]),
    ) as { epochs: number; topics: { index: number; size: number; terms: { term: string }[] }[] };

    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
    });
    try {
      const requests: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      await page.goto(pathToFileURL(report).href);

      const points = page.locator('svg.loss-curve circle[data-epoch]');
      t.is(await points.count(), run.epochs);
      const epochs = await points.evaluateAll((nodes) =>
        nodes.map((n) => Number(n.getAttribute('data-epoch'))),
      );
      t.deepEqual(
        epochs,
        Array.from({ length: run.epochs }, (_, i) => i + 1),
      );
      const box = await page.locator('svg.loss-curve').boundingBox();
      t.truthy(box && box.width > 100 && box.height > 100);

      const sections = page.locator('section.topic[data-topic]');
      t.is(await sections.count(), run.topics.length);
      for (const topic of run.topics) {
        const section = page.locator(`section.topic[data-topic="${topic.index}"]`);
        t.true(await section.isVisible(), `topic ${topic.index}`);
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
        const content = await section.innerText();
        t.true(content.includes(`Topic ${topic.index}`));
        t.true(content.includes(`${topic.size} documents`));
        t.true(content.includes(topic.terms[0].term), `topic ${topic.index} shows ${topic.terms[0].term}`);
        const bar = await section.locator('.bar').first().boundingBox();
        t.truthy(bar && bar.width > 0);
      }
      t.deepEqual(requests, [], 'the page fetches nothing');
    } finally {
      await context.close();
    }
  });
}
