/**
 * The live view in Debian's headless Chromium (driven by playwright-core): the loss curve grows while
 * training runs and ends with the result; Stop ends training with a result, Cancel without; a page that
 * connects mid-run sees the earlier epochs; the page requests nothing but its own server. Screenshots go
 * to packages/view/browser/out/ for a person to look at. Run with `pnpm test:browser`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRivuletError, type ResultEvent, type TrainingEvent } from '@rivulet/core';
import { trainNmf } from '@rivulet/decomposition';
import { CsrMatrix } from '@rivulet/linalg';
import { serveTraining, type TrainingView } from '@rivulet/view';
import test from 'ava';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { lastValueFrom, type Observable } from 'rxjs';

const OUT = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(OUT, { recursive: true });
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

/** Documents × terms with three planted topics, large enough that training takes a few seconds. */
function plantedMatrix(): { matrix: CsrMatrix; vocabulary: string[] } {
  const rows = 3000;
  const cols = 600;
  const vocabulary = Array.from(
    { length: cols },
    (_, j) => ['river', 'stream', 'flow', '主题', '模型', 'topic'][j % 6] + j,
  );
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < rows; i++) {
    const topic = i % 3;
    for (let j = topic * 200; j < topic * 200 + 200; j++) {
      if (rand() < 0.1) {
        indices.push(j);
        data.push(1 + rand());
      }
    }
    indptr.push(indices.length);
  }
  return {
    matrix: new CsrMatrix(
      rows,
      cols,
      Int32Array.from(indptr),
      Int32Array.from(indices),
      Float64Array.from(data),
    ),
    vocabulary,
  };
}

async function browser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'rivulet-live-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
  });
}

/** Records every request a page makes that is not to the view's own origin. */
function foreignRequests(context: BrowserContext, view: TrainingView): string[] {
  const origin = new URL(view.url).origin;
  const foreign: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith(origin)) foreign.push(request.url());
  });
  return foreign;
}

const points = (page: Page) => page.locator('#loss').evaluate((g) => Number(g.getAttribute('data-points')));

function train(view: TrainingView): Observable<TrainingEvent> {
  const { matrix } = plantedMatrix();
  return trainNmf(matrix, {
    components: 3,
    solver: 'mu',
    init: 'random',
    seed: 1,
    maxEpochs: 1_000_000,
    tol: 0,
    sliceMs: 5,
    stop: view.stopSignal,
    snapshotEvery: 5,
  }).pipe(view.observe);
}

test('the curve grows while training runs; a late page sees the earlier epochs; Stop ends with a result', async (t) => {
  const { vocabulary } = plantedMatrix();
  const view = await serveTraining({ vocabulary, title: 'Rivulet live view — planted topics' });
  const context = await browser();
  const foreign = foreignRequests(context, view);
  try {
    const page = await context.newPage();
    await page.goto(view.url);
    const result = lastValueFrom(train(view));
    await page.waitForFunction(
      () => Number(document.getElementById('loss')?.getAttribute('data-points')) >= 5,
    );
    const early = await points(page);
    await page.waitForFunction(
      (n) => Number(document.getElementById('loss')?.getAttribute('data-points')) > n,
      early,
    );
    t.true((await points(page)) > early, 'the number of points grows while training runs');
    await page.waitForSelector('section.topic[data-topic="2"] li[data-term]');

    const late = await context.newPage();
    await late.goto(view.url);
    await late.waitForFunction(
      () => Number(document.getElementById('loss')?.getAttribute('data-points')) > 0,
    );
    t.true((await points(late)) >= early, 'a page connecting mid-run gets the epochs so far at once');
    await late.close();

    await page.screenshot({ path: join(OUT, 'live-training.png'), fullPage: true });
    await page.click('#stop');
    const event = (await result) as ResultEvent;
    t.is(event.type, 'result');
    t.true(event.stopped);
    await page.waitForSelector('#state[data-state="done"]');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    t.regex(await page.locator('#log').innerText(), /result: loss .* \(stopped\)/);
    t.is(await points(page), event.epochs, 'the curve ends with the result: one point per epoch');
    await page.screenshot({ path: join(OUT, 'live-stopped.png'), fullPage: true });
    t.deepEqual(foreign, [], 'the page makes no request beyond its own server');
  } finally {
    await context.close();
    await view.close();
  }
});

test('Cancel ends training without a result; closing every page never stops training', async (t) => {
  const view = await serveTraining();
  const context = await browser();
  try {
    const page = await context.newPage();
    await page.goto(view.url);
    const result = lastValueFrom(train(view));
    await page.waitForFunction(
      () => Number(document.getElementById('loss')?.getAttribute('data-points')) >= 3,
    );
    await page.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.is(view.clients, 0);
    t.false(view.stopSignal.aborted, 'closing the page did not stop training');
    const again = await context.newPage();
    await again.goto(view.url);
    await again.waitForFunction(
      () => Number(document.getElementById('loss')?.getAttribute('data-points')) >= 3,
    );
    await again.click('#cancel');
    const error = await t.throwsAsync(result);
    t.true(isRivuletError(error, 'aborted'));
    await again.waitForSelector('#state[data-state="failed"]');
  } finally {
    await context.close();
    await view.close();
  }
});

test('rivulet topics --serve: the printed URL shows the run live, Chinese terms included', async (t) => {
  const bin = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));
  const corpus = fileURLToPath(new URL('../../../../data/zh.jsonl', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      bin,
      'topics',
      corpus,
      '--lang',
      'zh',
      '--stop-words',
      'zh',
      '--components',
      '6',
      '--solver',
      'mu',
      '--serve',
      '--keep-serving',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const found = /live view: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(stderr);
      if (found) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`rivulet exited: ${stderr}`)));
  });
  const context = await browser();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#state[data-state="done"]', { timeout: 120_000 });
    await page.waitForSelector('section.topic[data-topic="5"] li[data-term]');
    t.true((await points(page)) > 1);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    t.regex(await page.locator('#topics').innerText(), /\p{Script=Han}{2}/u, 'Chinese terms are shown');
    await page.screenshot({ path: join(OUT, 'cli-serve-zh.png'), fullPage: true });
  } finally {
    await context.close();
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  t.is(child.exitCode, 0, 'Ctrl-C ends --keep-serving cleanly');
});
