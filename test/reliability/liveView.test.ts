/**
 * The live view's server (`@rivulet/view`'s `serveTraining`, `rivulet topics --serve`) tried on purpose:
 * bad paths, methods and headers, a flood of clients, clients that never read or that leave mid-stream,
 * and whether anything is left open when it closes (issue 14). The server binds loopback only here.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainingEvent } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { serveTraining, type TrainingView } from '@rivulet/view';
import test from 'ava';
import { Subject } from 'rxjs';

const BIN = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));

/** Sends raw bytes and resolves with the reply's head, or what came before the server closed or `waitMs` passed. */
function raw(view: TrainingView, request: string, waitMs = 2000): Promise<string> {
  const url = new URL(view.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let reply = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(done, waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      reply += chunk;
      // The status line and headers are the answer (an event stream never ends).
      if (reply.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(request, 'latin1');
  });
}

const status = (reply: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);

/** A client socket; a reset by the server (a dropped client) is expected, not an uncaught error. */
function client(url: URL): Socket {
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  return socket;
}

/** Polls `check` every 10 ms for up to 10 s. */
async function until(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
}

/** Sockets and servers of this process (the handles a leak would leave). */
function networkHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => /TCP|Pipe/.test(name)).length;
}

test.serial(
  'bad paths, methods and headers are refused, never stop training, and the server goes on',
  async (t) => {
    const view = await serveTraining();
    const { host } = new URL(view.url);
    const T = view.token;
    const cases: [string, string][] = [
      ['a path out of the root', `GET /../../etc/passwd?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an encoded path out', `GET /%2e%2e/%2e%2e/etc/passwd?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['a doubled slash', `GET //events?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an absolute-form target', `GET http://evil.example/?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['the token in another case', `GET /?token=${T.toUpperCase()} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['no token', `GET /events HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['stop by GET', `GET /stop?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['PUT on the page', `PUT /?token=${T} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\n\r\n`],
      ['DELETE on the events', `DELETE /events?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      [
        'OPTIONS preflight of stop',
        `OPTIONS /stop?token=${T} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://evil.example\r\n\r\n`,
      ],
      ['stop without the token', `POST /stop HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\n\r\n`],
      [
        'stop from a null origin',
        `POST /stop?token=${T} HTTP/1.1\r\nHost: ${host}\r\nOrigin: null\r\nContent-Length: 0\r\n\r\n`,
      ],
      [
        'cancel from a look-alike origin',
        `POST /cancel?token=${T} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}.evil.example\r\nContent-Length: 0\r\n\r\n`,
      ],
      [
        'another Host (DNS rebinding)',
        `GET /?token=${T} HTTP/1.1\r\nHost: evil.example:${new URL(view.url).port}\r\n\r\n`,
      ],
      ['no Host at all (HTTP/1.0)', `GET /?token=${T} HTTP/1.0\r\n\r\n`],
      ['a 100 kB path', `GET /${'a'.repeat(100_000)}?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['a NUL byte in the path', `GET /\0?token=${T} HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['not HTTP at all', 'HELLO THERE\r\n\r\n'],
      ['a header that never ends', `GET /?token=${T} HTTP/1.1\r\nHost: ${host}\r\nX: ${'b'.repeat(40_000)}`],
    ];
    for (const [name, request] of cases) {
      const reply = await raw(view, request);
      const code = status(reply);
      // A refusal is a 4xx status, or the connection closed without an answer (Node's parser on garbage).
      t.true(code === 0 || (code >= 400 && code < 500), `${name}: got ${reply.slice(0, 60) || 'nothing'}`);
    }
    t.false(view.stopSignal.aborted, 'no bad request stopped training');
    t.false(view.cancelSignal.aborted, 'no bad request cancelled training');
    t.is(view.clients, 0);
    t.is(
      status(await raw(view, `GET /?token=${T} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)),
      200,
    );
    await view.close();
  },
);

test.serial(
  'a flood of clients: at most maxClients watch, the rest get 503, and all of them leave cleanly',
  async (t) => {
    const view = await serveTraining({ maxClients: 32 });
    const url = new URL(view.url);
    const request = `GET /events?token=${view.token} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`;
    // 300 browsers at once, each holding its connection open until every one has its answer.
    const sockets = Array.from({ length: 300 }, () => client(url));
    const codes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<number>((resolve) => {
            let head = '';
            socket.setEncoding('latin1');
            socket.on('data', (chunk: string) => {
              head += chunk;
              if (head.includes('\r\n')) resolve(status(head));
            });
            socket.on('close', () => resolve(status(head)));
            socket.write(request);
          }),
      ),
    );
    t.is(codes.filter((c) => c === 200).length, 32);
    t.is(codes.filter((c) => c === 503).length, 268);
    t.is(view.clients, 32);
    for (const socket of sockets) socket.destroy();
    t.true(await until(() => view.clients === 0), 'every stream its browser left is forgotten');
    t.is(status(await raw(view, request)), 200, 'the server still answers');
    await view.close();
  },
);

test.serial('idle connections that never send a request do not keep close() waiting', async (t) => {
  const before = networkHandles();
  const view = await serveTraining();
  const url = new URL(view.url);
  const sockets: Socket[] = [];
  for (let i = 0; i < 200; i++) sockets.push(client(url));
  await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('connect', resolve))));
  const started = performance.now();
  await view.close();
  t.true(performance.now() - started < 5000, 'close() resolves with idle sockets open');
  t.true(
    await until(() => sockets.every((s) => s.destroyed || s.readyState === 'closed' || s.readableEnded)),
  );
  for (const s of sockets) s.destroy();
  t.true(
    await until(() => networkHandles() <= before),
    `handles: ${process.getActiveResourcesInfo().join(', ')}`,
  );
});

test.serial(
  'clients that never read are dropped while one that reads gets every event and the result',
  async (t) => {
    const view = await serveTraining({
      vocabulary: Array.from({ length: 2000 }, (_, j) => `term-${j}-${'x'.repeat(40)}`),
      topTerms: 100,
    });
    const url = new URL(view.url);
    const stalled: Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = client(url);
      socket.write(`GET /events?token=${view.token} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      socket.pause();
      stalled.push(socket);
    }
    let text = '';
    const reader = client(url);
    reader.setEncoding('utf8');
    reader.on('data', (chunk) => {
      text += chunk;
    });
    reader.write(`GET /events?token=${view.token} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
    t.true(await until(() => view.clients === 11));
    const source = new Subject<TrainingEvent>();
    source.pipe(view.observe).subscribe();
    const H = new DenseMatrix(
      20,
      2000,
      Float64Array.from({ length: 40_000 }, (_, i) => (i % 97) + 1),
    );
    const heap = process.memoryUsage().heapUsed;
    for (let s = 0; s < 300; s++) {
      source.next({ type: 'epoch', epoch: s + 1, loss: 1 / (s + 1), relativeChange: 0.1, elapsedMs: s });
      source.next({ type: 'snapshot', step: s, H });
      await new Promise((resolve) => setImmediate(resolve));
    }
    t.true(await until(() => view.clients === 1), `clients left: ${view.clients}`);
    t.true(
      process.memoryUsage().heapUsed - heap < 256 * 2 ** 20,
      'stalled browsers hold no unbounded memory',
    );
    source.next({
      type: 'result',
      W: new DenseMatrix(1, 20),
      H,
      loss: 0.001,
      epochs: 300,
      converged: true,
      stopped: false,
    });
    source.complete();
    t.true(await until(() => /event: result\n/.test(text)), 'the reader got the result');
    t.is(text.match(/event: epoch\n/g)?.length, 300, 'and every epoch, once');
    for (const s of stalled) s.destroy();
    reader.destroy();
    await view.close();
  },
);

test.serial('a client that disconnects mid-stream is forgotten and training goes on', async (t) => {
  const view = await serveTraining();
  const url = new URL(view.url);
  const source = new Subject<TrainingEvent>();
  const seen: number[] = [];
  source.pipe(view.observe).subscribe((event) => {
    if (event.type === 'epoch') seen.push(event.epoch);
  });
  for (let round = 0; round < 20; round++) {
    const socket = client(url);
    socket.write(`GET /events?token=${view.token} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
    await new Promise((resolve) => socket.once('data', resolve));
    source.next({ type: 'epoch', epoch: round + 1, loss: 1, relativeChange: 0, elapsedMs: 0 });
    // Half the clients leave abruptly (RST), half close politely.
    if (round % 2) socket.resetAndDestroy();
    else socket.end();
  }
  t.true(await until(() => view.clients === 0));
  source.next({ type: 'epoch', epoch: 21, loss: 1, relativeChange: 0, elapsedMs: 0 });
  t.deepEqual(
    seen,
    Array.from({ length: 21 }, (_, i) => i + 1),
  );
  source.complete();
  await view.close();
});

test.serial(
  'rivulet topics --serve ends on its own with a stalled and a departed browser, leaving nothing open',
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'rivulet-serve-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const corpus = join(dir, 'c.jsonl');
    const words = ['river', 'stream', 'flow', 'kernel', 'parser', 'linker', 'ocean', 'tide', 'wave'];
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({
        id: `d${i}`,
        text: [0, 1, 2, 3].map((j) => words[(i % 3) * 3 + ((i + j) % 3)]).join(' '),
      }),
    );
    await writeFile(corpus, `${lines.join('\n')}\n`);
    for (const keep of [false, true]) {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'topics',
          corpus,
          '--components',
          '3',
          '--max-epochs',
          '200',
          '--tol',
          '0',
          '--serve',
          '--quiet',
          ...(keep ? ['--keep-serving'] : []),
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      let interrupted = false;
      const sockets: Socket[] = [];
      const started = performance.now();
      const exited = new Promise<string>((resolve) =>
        child.once('exit', (code, signal) => resolve(signal === null ? String(code) : signal)),
      );
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const url = /live view: (http:\/\/\S+)/.exec(stderr)?.[1];
        if (url !== undefined && sockets.length === 0) {
          const { port, hostname, host, search } = new URL(url);
          for (const pause of [true, false]) {
            const socket = client(new URL(`http://${hostname}:${port}`));
            socket.write(`GET /events${search} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
            if (pause) socket.pause();
            else socket.once('data', () => socket.destroy());
            sockets.push(socket);
          }
        }
        // One Ctrl-C (a second one would end the process the default way, as a user pressing it twice).
        if (keep && !interrupted && /still serving/.test(stderr)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      const code = await exited;
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      t.is(
        code,
        '0',
        `${keep ? '--keep-serving then Ctrl-C' : 'training to its end'} (${seconds} s): ${stderr}`,
      );
      t.is(sockets.length, 2, 'both browsers connected');
    }
  },
);
