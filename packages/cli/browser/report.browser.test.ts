/**
 * Opens reports written by the real `rivulet topics --report` in Debian's headless Chromium (driven by
 * playwright-core) and checks what a reader sees and does: one loss-curve point per epoch and every topic;
 * in the explorer, the λ slider re-ranks terms as the relevance formula says, clicking a topic on the map
 * selects it, searching finds a known document and shows its neighbours, a list of components switches k;
 * and the page makes no network request. Screenshots go to packages/cli/browser/out/. Run with
 * `pnpm test:browser` (needs `apt-get install chromium`); `pnpm test` does not run it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const OUT = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(OUT, { recursive: true });

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

    const { context, page, requests } = await open(dir, report);
    try {
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
      await explore(t, page, run, await readFile(corpus, 'utf8'));
      await page
        .locator('.explorer')
        .first()
        .evaluate((node) => node.scrollIntoView());
      await page.screenshot({ path: join(OUT, `explorer-${name}.png`), fullPage: false });
      t.deepEqual(requests, [pathToFileURL(report).href], 'the page requests nothing but itself');
    } finally {
      await context.close();
    }
  });
}

test('a list of components gives one chart of loss and coherence per k and an explorer for each k', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-browser-'));
  const corpus = join(dir, 'zh.jsonl');
  const text = await readFile(join(DATA, 'zh.jsonl'), 'utf8');
  await writeFile(corpus, `${text.split('\n').slice(0, 400).join('\n')}\n`);
  const report = join(dir, 'report.html');
  const { comparison } = JSON.parse(
    await rivulet([
      'topics',
      corpus,
      '--lang',
      'zh',
      '--stop-words',
      'zh',
      '--components',
      '3,5,8',
      '--max-epochs',
      '40',
      '--report',
      report,
      '--json',
      '--quiet',
    ]),
  ) as { comparison: { components: number; loss: number }[] };
  const { context, page, requests } = await open(dir, report);
  try {
    const marks = page.locator('svg.comparison circle[data-k]');
    t.deepEqual(
      await marks.evaluateAll((nodes) =>
        nodes.map((n) => [Number(n.getAttribute('data-k')), Number(n.getAttribute('data-loss'))]),
      ),
      comparison.map((r) => [r.components, r.loss]),
    );
    t.is(await page.locator('svg.comparison rect[data-coherence]').count(), 3);
    const section = (m: number) => page.locator(`section.model[data-model="${m}"]`);
    t.true(await section(0).isVisible());
    t.false(await section(1).isVisible());
    await page.click('nav.models button[data-model="1"]');
    t.false(await section(0).isVisible());
    t.true(await section(1).isVisible());
    t.is(await page.locator('nav.models button[data-model="1"]').getAttribute('aria-pressed'), 'true');
    t.is(await section(1).locator('svg.map circle[data-topic]').count(), 5);
    t.is(await section(1).locator('section.topic[data-topic]').count(), 5);
    await section(1).locator('svg.map circle[data-topic="4"]').click();
    t.is(await section(1).getAttribute('data-selected'), '4');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, 'explorer-multi-k.png'), fullPage: false });
    await page.click('nav.models button[data-model="2"]');
    t.is(await page.locator('section.model[data-model="2"] svg.map circle[data-topic]').count(), 8);
    t.true(await page.locator('section.model[data-model="2"] ol.relevance li').first().isVisible());
    t.deepEqual(requests, [pathToFileURL(report).href], 'the page requests nothing but itself');
    t.log(`report size for 400 documents × 3 k: ${(await stat(report)).size} bytes`);
  } finally {
    await context.close();
  }
});

/** A browser on the report, with every request the page makes recorded (and any but the file refused). */
async function open(
  dir: string,
  report: string,
): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 1500 },
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(pathToFileURL(report).href);
  if (errors.length) throw new Error(`the page's script failed: ${errors.join('; ')}`);
  return { context, page, requests };
}

interface Row {
  term: string;
  pwt: number;
  pw: number;
}

/** The terms the relevance list shows, in order, with the numbers the page ranked them by. */
async function relevanceRows(page: Page): Promise<Row[]> {
  return page.locator('section.model:not([hidden]) ol.relevance li').evaluateAll((nodes) =>
    nodes.map((n) => ({
      term: n.getAttribute('data-term') ?? '',
      pwt: Number(n.getAttribute('data-pwt')),
      pw: Number(n.getAttribute('data-pw')),
    })),
  );
}

/**
 * The explorer of a one-k report: the map, the λ slider against the formula, the topic the map selects, and
 * the document search with neighbours.
 */
async function explore(
  t: import('ava').ExecutionContext,
  page: Page,
  run: { topics: { index: number; terms: { term: string }[] }[] },
  corpusText: string,
): Promise<void> {
  const circles = page.locator('svg.map circle[data-topic]');
  t.is(await circles.count(), run.topics.length);

  // λ: the order shown is the order of λ·log p(w|t) + (1 − λ)·log(p(w|t)/p(w)), and it changes with λ.
  const orders: string[][] = [];
  for (const lambda of [1, 0, 0.6]) {
    await page.locator('input.lambda').fill(String(lambda));
    const rows = await relevanceRows(page);
    t.true(rows.length > 0);
    const score = (r: Row) => lambda * Math.log(r.pwt) + (1 - lambda) * Math.log(r.pwt / r.pw);
    for (let i = 1; i < rows.length; i++) {
      t.true(
        score(rows[i - 1]) >= score(rows[i]) - 1e-9,
        `λ=${lambda}: ${rows[i - 1].term} before ${rows[i].term}`,
      );
    }
    orders.push(rows.map((r) => r.term));
  }
  t.notDeepEqual(orders[0], orders[1], 'moving λ from 1 to 0 re-ranks the terms');

  // Clicking a topic selects it: at λ = 1 its first term is the CLI's top term of that topic.
  // The last topic whose circle is not covered by another at its centre, so a real click reaches it.
  await page.locator('svg.map').scrollIntoViewIfNeeded();
  const reachable = await circles.evaluateAll((nodes) =>
    nodes
      .filter((n) => {
        const box = n.getBoundingClientRect();
        const at = n.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return at === n;
      })
      .map((n) => Number(n.getAttribute('data-topic'))),
  );
  t.true(reachable.length > 0);
  const target = run.topics[Math.max(...reachable)];
  await page.locator(`svg.map circle[data-topic="${target.index}"]`).click();
  t.is(await page.locator('section.model').first().getAttribute('data-selected'), String(target.index));
  t.is(await page.locator(`svg.map circle[data-topic="${target.index}"]`).getAttribute('class'), 'selected');
  t.regex((await page.locator('.topic-title').textContent()) ?? '', new RegExp(`^Topic ${target.index} `));
  await page.locator('input.lambda').fill('1');
  t.is((await relevanceRows(page))[0].term, target.terms[0].term);

  // Search: a known document by a piece of its text, then its neighbours with snippets.
  const known = JSON.parse(corpusText.split('\n')[0]) as { id: string; text: string };
  const words = known.text.replace(/\s+/g, ' ').trim();
  const piece = Array.from(words).slice(2, 14).join('');
  await page.locator('input.doc-search').fill(piece);
  const hit = page.locator(`ol.doc-results li[data-id="${known.id}"]`);
  t.true(await hit.isVisible(), `searching ${JSON.stringify(piece)} finds ${known.id}`);
  await hit.click();
  t.is(await page.locator('.doc-detail').getAttribute('data-id'), known.id);
  t.true(await page.locator('.doc-detail .mixture li[data-topic]').first().isVisible());
  const neighbours = await page.locator('ol.neighbours li[data-id]').evaluateAll((nodes) =>
    nodes.map((n) => ({
      id: n.getAttribute('data-id'),
      score: Number(n.getAttribute('data-score')),
      snippet: n.querySelector('.snippet')?.textContent ?? '',
    })),
  );
  t.is(neighbours.length, 5);
  t.false(
    neighbours.some((n) => n.id === known.id),
    'a document is not its own neighbour',
  );
  for (let i = 1; i < neighbours.length; i++) t.true(neighbours[i - 1].score >= neighbours[i].score);
  t.true(neighbours.every((n) => n.snippet.length > 0));
  await page.locator('input.doc-search').fill(known.id);
  t.is(
    await page.locator('ol.doc-results li').first().getAttribute('data-id'),
    known.id,
    'an id matches first',
  );
}
