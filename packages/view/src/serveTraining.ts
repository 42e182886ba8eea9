import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  booleanOption,
  integerOption,
  invalidOption,
  knownOptions,
  RivuletError,
  type TrainingEvent,
} from '@rivulet/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { renderLivePage } from './renderLivePage.js';
import { TrainingHistory } from './TrainingHistory.js';

const STAGE = 'serveTraining';

/** Options of {@link serveTraining}. */
export interface TrainingViewOptions {
  /** Address to bind. Default `127.0.0.1`. Anything but a loopback address needs `allowRemote: true`. */
  readonly host?: string;
  /** Port. Default 0: a free port chosen by the system. */
  readonly port?: number;
  /** Allow binding a non-loopback address (anyone who can reach it and has the URL can stop training). */
  readonly allowRemote?: boolean;
  /** Column names of H, to show each topic's top terms as it forms (from snapshots and the result). */
  readonly vocabulary?: readonly string[];
  /** Terms shown per topic. Default 10. */
  readonly topTerms?: number;
  /** Snapshots a late browser gets (the latest ones). Default 3. */
  readonly keepSnapshots?: number;
  /** Browsers watching at once; more are answered 503. Default 32. */
  readonly maxClients?: number;
  /** Page title. Default `Rivulet training`. */
  readonly title?: string;
  /** Called when a browser asks for a graceful stop (besides aborting {@link TrainingView.stopSignal}). */
  readonly onStop?: () => void;
}

/** A running live view: pipe training events through `observe`, pass `stopSignal` to the trainer. */
export interface TrainingView {
  /** The page's URL with the run's token, e.g. `http://127.0.0.1:41234/?token=…`. Print it. */
  readonly url: string;
  readonly token: string;
  /** Aborted when a browser presses Stop: pass it as the trainer's `stop` to end gracefully with a result. */
  readonly stopSignal: AbortSignal;
  /** Aborted when a browser presses Cancel: for APIs that take a signal (`TopicModel.train`, `untilResult`). */
  readonly cancelSignal: AbortSignal;
  /**
   * Shows the events passing through it and lets a browser's Cancel end the stream with a RivuletError
   * `aborted` (training is unsubscribed: no result). Apply it once per run.
   */
  readonly observe: OperatorFunction<TrainingEvent, TrainingEvent>;
  /** Shows one event: for APIs that report events by callback (`onEvent`) instead of a stream. */
  record(event: TrainingEvent): void;
  /** Marks the run finished (or failed, with the error): for use with `record`. */
  finish(error?: unknown): void;
  /** Browsers connected now. */
  readonly clients: number;
  /** Ends every event stream and closes the server; resolves when no connection is left. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** A browser that reads slower than events come is dropped once this much is waiting for it. */
const MAX_BUFFERED = 1 << 20;

/**
 * Serves a live view of a training stream on a local HTTP server (`node:http`, nothing else): the page
 * subscribes over Server-Sent Events and draws the loss curve and the relative change epoch by epoch, and
 * each topic's top terms as snapshots arrive; Stop asks for a graceful stop (the result is kept), Cancel
 * ends training without one. Several browsers may watch; one that connects late first gets the history
 * (every epoch's loss, the last few snapshots, the result if training ended). Closing the pages never
 * affects training.
 *
 * Security: the server binds loopback unless told otherwise; every request needs the per-run token
 * carried in the printed URL; requests whose Host header is not this server's address are refused (no
 * DNS rebinding), and Stop/Cancel must come from the page's own origin (no cross-site stop).
 *
 * @example
 * ```ts
 * const view = await serveTraining({ vocabulary });
 * console.log(`watch at ${view.url}`);
 * const result = await lastValueFrom(trainNmf(matrix, { components: 10, stop: view.stopSignal }).pipe(view.observe));
 * await view.close();
 * ```
 */
export async function serveTraining(options: TrainingViewOptions = {}): Promise<TrainingView> {
  knownOptions(STAGE, options, [
    'host',
    'port',
    'allowRemote',
    'vocabulary',
    'topTerms',
    'keepSnapshots',
    'maxClients',
    'title',
    'onStop',
  ]);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') invalidOption(STAGE, 'host', 'an address to bind', host);
  const allowRemote = booleanOption(STAGE, 'allowRemote', options.allowRemote ?? false);
  if (!LOOPBACK.has(host) && !allowRemote) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `host must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true, got ${JSON.stringify(host)}`,
      { parameter: 'host' },
    );
  }
  const port = integerOption(STAGE, 'port', options.port ?? 0, { min: 0, max: 65535 });
  const topTerms = integerOption(STAGE, 'topTerms', options.topTerms ?? 10, { min: 1, max: 100 });
  const keepSnapshots = integerOption(STAGE, 'keepSnapshots', options.keepSnapshots ?? 3, {
    min: 1,
    max: 100,
  });
  const maxClients = integerOption(STAGE, 'maxClients', options.maxClients ?? 32, { min: 1, max: 10_000 });
  const vocabulary = options.vocabulary;
  if (vocabulary !== undefined && !Array.isArray(vocabulary)) {
    invalidOption(STAGE, 'vocabulary', 'an array of terms', vocabulary);
  }
  const title = options.title ?? 'Rivulet training';
  if (typeof title !== 'string') invalidOption(STAGE, 'title', 'a string', title);
  if (options.onStop !== undefined && typeof options.onStop !== 'function') {
    invalidOption(STAGE, 'onStop', 'a function', options.onStop);
  }

  const token = randomBytes(16).toString('hex');
  const history = new TrainingHistory({ vocabulary, topTerms, keepSnapshots });
  const stopController = new AbortController();
  const cancelController = new AbortController();
  let started = false;
  let finished = false;
  const record = (event: TrainingEvent) => {
    if (!started) {
      started = true;
      history.start();
    }
    history.add(event);
  };
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    if (error === undefined) history.complete();
    else history.fail(error instanceof Error ? error.message : String(error));
  };
  const clients = new Set<ServerResponse>();
  let cancel: (() => void) | undefined;
  let observed = false;

  const broadcast = (frame: string) => {
    for (const client of clients) {
      if (client.writableLength > MAX_BUFFERED) {
        // A browser that never reads must not make the server hold events without bound.
        client.destroy();
        clients.delete(client);
        continue;
      }
      client.write(frame);
    }
  };
  history.onFrame = broadcast;

  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch {
      if (!response.headersSent) reply(response, 500, 'internal error');
      else response.destroy();
    }
  });
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const address = server.address() as AddressInfo;
    // The path as sent, not resolved against a base: `//events` or an absolute-form target
    // (`GET http://other/`) must not be read as `/`.
    const target = request.url ?? '/';
    const mark = target.indexOf('?');
    const pathname = mark === -1 ? target : target.slice(0, mark);
    const query = new URLSearchParams(mark === -1 ? '' : target.slice(mark + 1));
    if (!hostAllowed(request.headers.host, host, address.port)) {
      reply(response, 421, 'this server answers to its own address only');
      return;
    }
    const given = query.get('token') ?? request.headers['x-rivulet-token'];
    if (given !== token) {
      reply(response, 403, 'a valid token is required (open the URL the command printed)');
      return;
    }
    if (request.method === 'GET' && pathname === '/') {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      response.end(renderLivePage(title));
      return;
    }
    if (request.method === 'GET' && pathname === '/events') {
      if (clients.size >= maxClients) {
        reply(response, 503, `at most ${maxClients} browsers may watch at once`);
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      response.write(history.replay());
      clients.add(response);
      const drop = () => clients.delete(response);
      request.once('close', drop);
      response.once('error', drop);
      return;
    }
    if (request.method === 'POST' && (pathname === '/stop' || pathname === '/cancel')) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `http://${request.headers.host}`) {
        reply(response, 403, 'stop and cancel must come from the page itself');
        return;
      }
      if (pathname === '/stop') {
        if (!stopController.signal.aborted) {
          history.note('stop requested: finishing the epoch under way');
          stopController.abort();
          options.onStop?.();
        }
      } else if (!cancelController.signal.aborted) {
        history.note('cancel requested');
        cancelController.abort();
        cancel?.();
      }
      reply(response, 202, 'ok');
      return;
    }
    reply(response, 404, 'not found');
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RivuletError('io', STAGE, `cannot listen on ${host}:${port}: ${error.code ?? error.message}`, {
          parameter: 'port',
          cause: error,
        }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const pageUrl = `http://${host === 'localhost' ? 'localhost' : shown}:${address.port}/?token=${token}`;

  const observe: OperatorFunction<TrainingEvent, TrainingEvent> = (source) =>
    new Observable<TrainingEvent>((subscriber) => {
      if (observed) {
        subscriber.error(
          new RivuletError(
            'invalid-input',
            STAGE,
            'observe is for one training run; start another view for the next',
          ),
        );
        return;
      }
      observed = true;
      const subscription = source.subscribe({
        next: (event) => {
          record(event);
          subscriber.next(event);
        },
        error: (error) => {
          finish(error);
          subscriber.error(error);
        },
        complete: () => {
          finish();
          subscriber.complete();
        },
      });
      cancel = () => {
        subscription.unsubscribe();
        finish(new Error('cancelled from the page: no result'));
        subscriber.error(new RivuletError('aborted', STAGE, 'training was cancelled from the live view'));
      };
      if (cancelController.signal.aborted) cancel();
      return () => {
        cancel = undefined;
        subscription.unsubscribe();
      };
    });

  return {
    url: pageUrl,
    token,
    stopSignal: stopController.signal,
    cancelSignal: cancelController.signal,
    observe,
    record,
    finish,
    get clients() {
      return clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function hostAllowed(header: string | undefined, host: string, port: number): boolean {
  if (header === undefined) return false;
  const names = LOOPBACK.has(host)
    ? ['127.0.0.1', 'localhost', '[::1]']
    : [host.includes(':') ? `[${host}]` : host];
  return names.some((name) => header === `${name}:${port}`);
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${message}\n`);
}
