import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { isRivuletError, type TrainingEvent } from '@rivulet/core';
import { trainNmf } from '@rivulet/decomposition';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { lastValueFrom, Subject, tap } from 'rxjs';
import { serveTraining, type TrainingView, topTermsOf } from './index.js';

interface Reply {
  status: number;
  body: string;
}

function call(
  view: TrainingView,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
) {
  const url = new URL(view.url);
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
          if (res.headers['content-type']?.startsWith('text/event-stream')) {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, body });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Reads the event stream until `until` holds for what arrived, then disconnects. */
function events(view: TrainingView, done: (text: string) => boolean): Promise<string> {
  const url = new URL(view.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: `/events?token=${view.token}` },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
          if (done(text)) {
            res.destroy();
            resolve(text);
          }
        });
        res.on('close', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` every 10 ms for up to 10 s. */
async function until(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
}

const epoch = (n: number, loss: number): TrainingEvent => ({
  type: 'epoch',
  epoch: n,
  loss,
  relativeChange: 0.1,
  elapsedMs: n,
});

test('binds loopback on a free port and prints a URL carrying the token', async (t) => {
  const view = await serveTraining();
  t.regex(view.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
  const page = await call(view, `/?token=${view.token}`);
  t.is(page.status, 200);
  t.regex(page.body, /<svg id="loss-chart"/);
  t.notRegex(page.body, /https?:\/\/(?!www\.w3\.org)/, 'the page names no outside address');
  await view.close();
});

test('refuses a non-loopback address unless allowRemote, and bad options', async (t) => {
  const error = await t.throwsAsync(serveTraining({ host: '0.0.0.0' }));
  t.true(isRivuletError(error, 'invalid-option'));
  t.is(
    error?.message,
    'serveTraining: host must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true, got "0.0.0.0"',
  );
  await t.throwsAsync(serveTraining({ port: 70000 }), {
    message: /^serveTraining: port must be an integer in \[0, 65535\], got 70000/,
  });
});

test('requests without the token, or for another Host (DNS rebinding), are refused', async (t) => {
  const view = await serveTraining();
  t.is((await call(view, '/')).status, 403);
  t.is((await call(view, '/?token=wrong')).status, 403);
  t.is((await call(view, '/events')).status, 403);
  t.is((await call(view, `/?token=${view.token}`, { headers: { host: 'evil.example:80' } })).status, 421);
  t.is((await call(view, '/stop', { method: 'POST' })).status, 403);
  t.false(view.stopSignal.aborted);
  await view.close();
});

test('stop from another origin is refused; from the page it aborts stopSignal', async (t) => {
  const view = await serveTraining();
  const origin = new URL(view.url).origin;
  const foreign = await call(view, '/stop', {
    method: 'POST',
    headers: { 'x-rivulet-token': view.token, origin: 'http://attacker.example' },
  });
  t.is(foreign.status, 403);
  t.false(view.stopSignal.aborted);
  const own = await call(view, '/stop', {
    method: 'POST',
    headers: { 'x-rivulet-token': view.token, origin },
  });
  t.is(own.status, 202);
  t.true(view.stopSignal.aborted);
  await view.close();
});

test('a browser connecting late first gets every epoch so far, then live events', async (t) => {
  const view = await serveTraining();
  const source = new Subject<TrainingEvent>();
  const seen: TrainingEvent[] = [];
  source.pipe(view.observe).subscribe((e) => seen.push(e));
  for (let i = 1; i <= 5; i++) source.next(epoch(i, 10 - i));
  const late = events(view, (text) => text.includes('event: epoch'));
  t.true(await until(() => view.clients === 1));
  source.next(epoch(6, 3.5));
  const text = await late;
  const history = JSON.parse(/event: history\ndata: (.*)\n/.exec(text)?.[1] ?? '{}');
  t.deepEqual(
    history.points.map((p: number[]) => p[0]),
    [1, 2, 3, 4, 5],
  );
  t.regex(text, /event: epoch\ndata: \[6,3\.5,0\.1,6\]/);
  t.is(seen.length, 6, 'events pass through unchanged');
  source.complete();
  await view.close();
});

test('cancel from the page ends the stream with an aborted error and unsubscribes training', async (t) => {
  const view = await serveTraining();
  const source = new Subject<TrainingEvent>();
  const result = lastValueFrom(source.pipe(view.observe));
  source.next(epoch(1, 2));
  const origin = new URL(view.url).origin;
  await call(view, '/cancel', { method: 'POST', headers: { 'x-rivulet-token': view.token, origin } });
  const error = await t.throwsAsync(result);
  t.true(isRivuletError(error, 'aborted'));
  t.false(source.observed, 'training was unsubscribed');
  await view.close();
});

test('with trainNmf: Stop from the page ends training gracefully with a result', async (t) => {
  const rows = 60;
  const cols = 40;
  const data: number[] = [];
  const indices: number[] = [];
  const indptr = [0];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if ((i * 7 + j * 3) % 5 === 0) {
        data.push(1 + ((i + j) % 4));
        indices.push(j);
      }
    }
    indptr.push(data.length);
  }
  const matrix = new CsrMatrix(
    rows,
    cols,
    Int32Array.from(indptr),
    Int32Array.from(indices),
    Float64Array.from(data),
  );
  const view = await serveTraining();
  const origin = new URL(view.url).origin;
  let epochs = 0;
  let asked = false;
  const events$ = trainNmf(matrix, {
    components: 3,
    maxEpochs: 1_000_000,
    tol: 0,
    stop: view.stopSignal,
    init: 'random',
    seed: 1,
  }).pipe(view.observe);
  const result = await lastValueFrom(
    events$.pipe(
      tap((event) => {
        if (event.type !== 'epoch') return;
        epochs++;
        if (epochs === 5 && !asked) {
          asked = true;
          void call(view, '/stop', { method: 'POST', headers: { 'x-rivulet-token': view.token, origin } });
        }
      }),
    ),
  );
  t.is(result.type, 'result');
  t.true(result.type === 'result' && result.stopped);
  t.true(epochs >= 5 && epochs < 1_000_000);
  const replay = await events(view, (text) => text.includes('event: status') && text.includes('"done"'));
  t.regex(replay, /event: result\ndata: \{"loss":[0-9.e-]+,"epochs":\d+,"converged":false,"stopped":true\}/);
  await view.close();
});

test('topTermsOf names the heaviest columns of each topic, ties by lower column', (t) => {
  const H = new DenseMatrix(2, 4, Float64Array.from([0.1, 0.5, 0.5, 0, 0, 0, 2, 1]));
  t.deepEqual(topTermsOf(H, ['a', 'b', 'c', 'd'], 2), [
    [
      ['b', 0.5],
      ['c', 0.5],
    ],
    [
      ['c', 2],
      ['d', 1],
    ],
  ]);
  t.deepEqual(topTermsOf(H, undefined, 1)[1], [['#2', 2]]);
});

test('a browser that never reads is dropped once a megabyte waits for it; others go on', async (t) => {
  const view = await serveTraining({
    vocabulary: Array.from({ length: 2000 }, (_, j) => `term-${j}-${'x'.repeat(40)}`),
    topTerms: 100,
  });
  const url = new URL(view.url);
  const socket = connect(Number(url.port), url.hostname);
  socket.write(`GET /events?token=${view.token} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  socket.pause(); // never reads
  t.true(await until(() => view.clients === 1));
  const source = new Subject<TrainingEvent>();
  source.pipe(view.observe).subscribe();
  const H = new DenseMatrix(
    20,
    2000,
    Float64Array.from({ length: 40_000 }, (_, i) => (i % 97) + 1),
  );
  for (let s = 0; s < 400 && view.clients > 0; s++) {
    source.next({ type: 'snapshot', step: s, H });
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.is(view.clients, 0, 'the stalled browser was dropped');
  socket.destroy();
  source.complete();
  await view.close();
});

test('at most maxClients browsers watch at once; close() ends their streams', async (t) => {
  const view = await serveTraining({ maxClients: 2 });
  const a = events(view, () => false).catch(() => undefined);
  const b = events(view, () => false).catch(() => undefined);
  t.true(await until(() => view.clients === 2));
  t.is((await call(view, `/events?token=${view.token}`)).status, 503);
  await view.close();
  t.is(view.clients, 0);
  void a;
  void b;
});
