/**
 * Failure scenarios run in a child process by failure.test.ts: `node build/test/reliability/scenarios.js
 * <name>`. Each prints one JSON line `{ checks: { [what]: problem | null }, leaked: string[] }` and must
 * then exit on its own — a leaked worker, timer, socket or file handle keeps the process alive, and the
 * parent counts that as a failure. `leaked` compares `process.getActiveResourcesInfo()` before and after.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, isRivuletError, PIPELINE, type TrainingEvent } from '@rivulet/core';
import {
  FastNmf,
  fastNmfSolver,
  loadModel,
  nmf,
  nmfCdModule,
  nmfMuModule,
  onlineNmf,
  saveModel,
  trainInWorker,
  trainNmf,
  trainOnlineNmf,
  trainSvd,
} from '@rivulet/decomposition';
import { CsrMatrix, DenseMatrix, wasmSimdSupported } from '@rivulet/linalg';
import { pairwiseCosine, similarity, similarityIndex } from '@rivulet/similarity';
import { readJsonl, readLines } from '@rivulet/sources';
import { tokenize, tokenizerModule } from '@rivulet/tokenizer';
import { hashingVectorize, vectorize, vectorizerModule } from '@rivulet/vectorizer';
import { concat, from, type Observable, of, throwError } from 'rxjs';

type Checks = Record<string, string | null>;

const docs = Array.from({ length: 30 }, (_, i) => ({
  id: `d${i}`,
  text: `${['apple banana cherry', 'engine wheel brake', 'violin cello flute'][i % 3]} extra${i % 5}`,
}));

const A = CsrMatrix.fromDense(
  Array.from({ length: 40 }, (_, i) =>
    Array.from({ length: 30 }, (_, j) => ((i * 7 + j * 3) % 5 === 0 ? 1 + (i % 3) : 0)),
  ),
);

/** Subscribes and waits for the end, recording every event and the error; fails on a hang after `ms`. */
function settle(events: Observable<unknown>, ms = 20_000) {
  return new Promise<{ values: unknown[]; error?: unknown; hung?: boolean }>((resolve) => {
    const values: unknown[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      resolve({ values, hung: true });
    }, ms);
    const sub = events.subscribe({
      next: (v) => values.push(v),
      error: (error) => {
        clearTimeout(timer);
        resolve({ values, error });
      },
      complete: () => {
        clearTimeout(timer);
        resolve({ values });
      },
    });
  });
}

const isResult = (v: unknown) => (v as { type?: string }).type === 'result';

/** A source that emits some documents and then fails, as a disk or network read might. */
function failingSource(error: Error) {
  return concat(
    from(docs.slice(0, 10)),
    throwError(() => error),
  );
}

async function sourceErrors(): Promise<Checks> {
  const checks: Checks = {};
  const cases: [string, () => Observable<unknown>][] = [
    ['plain operators', () => failingSource(boom).pipe(tokenize(), vectorize(), nmf({ components: 2 }))],
    [
      'container pipeline',
      () =>
        createContainer([tokenizerModule(), vectorizerModule(), nmfMuModule({ components: 2 })])
          .get(PIPELINE)
          .run(failingSource(boom)),
    ],
    [
      'streaming (hashing + online NMF)',
      () =>
        failingSource(boom).pipe(
          tokenize(),
          hashingVectorize({ batchSize: 4, nFeatures: 64, alternateSign: false }),
          onlineNmf({ components: 2 }),
        ),
    ],
  ];
  const boom = new Error('disk gone');
  for (const [name, make] of cases) {
    const { values, error, hung } = await settle(make());
    checks[`source error reaches the subscriber: ${name}`] = hung
      ? 'hung'
      : error !== boom && (error as { cause?: unknown })?.cause !== boom
        ? `got ${String(error)} instead of the source's error`
        : values.some(isResult)
          ? 'a result was emitted although the source failed'
          : null;
  }
  // A JSONL file with a malformed line in the middle: the reader stops with a clear error, closing the file.
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-src-'));
  try {
    const path = join(dir, 'bad.jsonl');
    const lines = docs.map((d) => JSON.stringify(d));
    lines.splice(12, 0, '{"id": "broken", "text": ');
    await writeFile(path, `${lines.join('\n')}\n`);
    const { values, error, hung } = await settle(readJsonl(path).pipe(tokenize(), vectorize()));
    checks['malformed JSONL line mid-file: invalid-input, no matrix'] = hung
      ? 'hung'
      : !isRivuletError(error, 'invalid-input')
        ? `got ${String(error)}`
        : values.length > 0
          ? 'a matrix was emitted'
          : null;
    // Random bytes: every line is malformed; stop errors at once, skip reads to the end with no document.
    const garbage = join(dir, 'garbage.jsonl');
    let state = 99;
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      bytes[i] = state >>> 23;
    }
    await writeFile(garbage, bytes);
    const stop = await settle(readJsonl(garbage));
    checks['random bytes as JSONL: invalid-input'] = stop.hung
      ? 'hung'
      : isRivuletError(stop.error, 'invalid-input')
        ? null
        : `got ${String(stop.error)}`;
    let skipped = 0;
    const skip = await settle(readJsonl(garbage, { onError: 'skip', onSkip: () => skipped++ }));
    checks['random bytes as JSONL, onError skip: completes, every line skipped'] = skip.hung
      ? 'hung'
      : skip.error !== undefined
        ? `errored: ${String(skip.error)}`
        : skip.values.length === 0 && skipped > 0
          ? null
          : `${skip.values.length} documents, ${skipped} skipped`;
    const longLine = join(dir, 'long.txt');
    await writeFile(longLine, '长'.repeat(3_000_000));
    const oneLine = await settle(readLines(longLine, { chunkSize: 4096 }));
    checks['readLines: a 9 MB line without a newline is one document'] =
      oneLine.error !== undefined
        ? String(oneLine.error)
        : oneLine.values.length === 1 && (oneLine.values[0] as { text: string }).text.length === 3_000_000
          ? null
          : `${oneLine.values.length} documents`;
    const onDir = await settle(readJsonl(dir));
    checks['readJsonl of a directory: io error'] = isRivuletError(onDir.error, 'io')
      ? null
      : `got ${String(onDir.error)}`;
    const missing = await settle(readJsonl(join(dir, 'missing.jsonl')));
    checks['missing JSONL file: io error'] = isRivuletError(missing.error, 'io')
      ? null
      : `got ${String(missing.error)}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return checks;
}

/** Unsubscribes from inside the `result` notification; nothing may follow and nothing may be left running. */
async function unsubscribeDuringResult(): Promise<Checks> {
  const checks: Checks = {};
  const streams: [string, () => Observable<TrainingEvent>][] = [
    ['trainNmf mu', () => trainNmf(A, { components: 3, maxEpochs: 20 })],
    ['trainNmf cd', () => trainNmf(A, { components: 3, solver: 'cd', maxEpochs: 20 })],
    ['trainSvd', () => trainSvd(A, { components: 3 })],
    ['trainOnlineNmf', () => trainOnlineNmf(A, { components: 3, batchSize: 8, maxEpochs: 3 })],
    ['trainInWorker nmf-mu', () => trainInWorker(nmfMuModule, A, { components: 3, maxEpochs: 20 })],
    [
      'trainInWorker nmf-online',
      () => trainOnlineNmf(A, { components: 3, batchSize: 8, maxEpochs: 3, worker: true }),
    ],
    [
      'container pipeline',
      () =>
        createContainer([
          tokenizerModule(),
          vectorizerModule(),
          nmfMuModule({ components: 2, maxEpochs: 20 }),
        ])
          .get(PIPELINE)
          .run(from(docs)) as Observable<TrainingEvent>,
    ],
  ];
  for (const [name, make] of streams) {
    const outcome = await new Promise<string | null>((resolve) => {
      let after = 0;
      let sawResult = false;
      const timer = setTimeout(() => resolve(sawResult ? null : 'no result within 20 s'), 20_000);
      const sub = make().subscribe({
        next: (e) => {
          if (sawResult) after++;
          if (e.type === 'result') {
            sawResult = true;
            sub.unsubscribe();
            // Give anything that would wrongly follow a chance to arrive.
            setTimeout(() => {
              clearTimeout(timer);
              resolve(after === 0 ? null : `${after} event(s) after the result`);
            }, 50);
          }
        },
        error: (e) => {
          clearTimeout(timer);
          resolve(`errored: ${String(e)}`);
        },
      });
    });
    checks[`unsubscribe during result: ${name}`] = outcome;
  }
  // Hard cancel mid-training in a worker: the worker must be terminated (else the process would not exit).
  const mid = await new Promise<string | null>((resolve) => {
    const big = CsrMatrix.fromDense(
      Array.from({ length: 400 }, (_, i) =>
        Array.from({ length: 300 }, (_, j) => ((i + j) % 7 === 0 ? 1 : 0)),
      ),
    );
    let epochs = 0;
    const sub = trainInWorker(nmfMuModule, big, { components: 20, maxEpochs: 100_000, tol: 0 }).subscribe({
      next: (e) => {
        if (e.type === 'epoch' && ++epochs === 3) {
          sub.unsubscribe();
          resolve(null);
        }
      },
      error: (e) => resolve(`errored: ${String(e)}`),
    });
  });
  checks['unsubscribe mid-training in a worker'] = mid;
  return checks;
}

async function modelFiles(): Promise<Checks> {
  const checks: Checks = {};
  const root = await mkdtemp(join(tmpdir(), 'rivulet-model-'));
  const H = DenseMatrix.fromRows([
    [1, 2, 0],
    [0, 1, 3],
  ]);
  const W = DenseMatrix.fromRows([
    [1, 0],
    [0, 1],
  ]);
  const model = {
    settings: { decomposer: 'nmf-mu', components: 2 },
    vocabulary: ['a', 'b', 'c'],
    weighting: { kind: 'count', norm: null } as const,
    H,
    W,
  };
  const fresh = async (name: string) => {
    const dir = join(root, name);
    await saveModel(dir, model);
    return dir;
  };
  const expect = async (what: string, dir: string, kinds: string[]) => {
    try {
      const loaded = await Promise.race([
        loadModel(dir),
        new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 5000).unref()),
      ]);
      checks[what] = loaded === 'hang' ? 'loadModel hung (5 s)' : 'loaded without an error';
    } catch (error) {
      checks[what] =
        isRivuletError(error) && kinds.includes(error.kind)
          ? null
          : `got ${isRivuletError(error) ? error.kind : ''} ${String(error)}`;
    }
  };
  try {
    const good = await fresh('good');
    const loaded = await loadModel(good);
    checks['a saved model loads back equal'] =
      loaded.H.data.join() === H.data.join() && loaded.W?.data.join() === W.data.join() ? null : 'differs';

    const truncated = await fresh('truncated');
    await truncate(join(truncated, 'H.f64'), 20);
    await expect('truncated H.f64: model-format', truncated, ['model-format']);

    const emptyJson = await fresh('empty-json');
    await truncate(join(emptyJson, 'model.json'), 0);
    await expect('empty model.json: model-format', emptyJson, ['model-format']);

    const halfJson = await fresh('half-json');
    const text = await readFile(join(halfJson, 'model.json'), 'utf8');
    await writeFile(join(halfJson, 'model.json'), text.slice(0, Math.floor(text.length / 2)));
    await expect('model.json cut in half: model-format', halfJson, ['model-format']);

    const edited = await fresh('edited');
    await writeFile(join(edited, 'model.json'), text.replace('"a"', '"z"'));
    await expect('a vocabulary term edited: model-format (checksum)', edited, ['model-format']);

    const flipped = await fresh('flipped');
    const bytes = await readFile(join(flipped, 'H.f64'));
    bytes[3] ^= 0xff;
    await writeFile(join(flipped, 'H.f64'), bytes);
    await expect('a byte of H.f64 flipped: model-format (checksum)', flipped, ['model-format']);

    const longer = await fresh('longer');
    await writeFile(join(longer, 'H.f64'), Buffer.concat([bytes, Buffer.alloc(8)]));
    await expect('H.f64 with extra bytes: model-format', longer, ['model-format']);

    const version = await fresh('version');
    await writeFile(join(version, 'model.json'), text.replace(/"formatVersion":\s*2/, '"formatVersion": 3'));
    await expect('another format version: model-format', version, ['model-format']);

    const proto = await fresh('proto');
    await writeFile(join(proto, 'model.json'), text.replace('{', '{"__proto__": {"polluted": true},'));
    await expect('a __proto__ key in model.json: model-format', proto, ['model-format']);
    checks['no prototype pollution from model.json'] = Object.hasOwn(Object.prototype, 'polluted')
      ? 'polluted'
      : null;

    const constructorKey = await fresh('constructor');
    await writeFile(
      join(constructorKey, 'model.json'),
      text.replace('"settings":', '"settings": {"constructor": {"prototype": {"polluted": true}}}, "x":'),
    );
    await expect('a constructor key in model.json: model-format', constructorKey, ['model-format']);

    const pathTrick = await fresh('path-trick');
    await writeFile(join(pathTrick, 'model.json'), text.replace('"H.f64"', '"../good/H.f64"'));
    await expect('a binary file path in model.json: model-format', pathTrick, ['model-format']);

    await expect('a missing directory: io', join(root, 'nowhere'), ['io']);

    const missingH = await fresh('missing-h');
    await rm(join(missingH, 'H.f64'));
    await expect('a missing H.f64: io', missingH, ['io', 'model-format']);

    const dirAsFile = await fresh('dir-as-file');
    await rm(join(dirAsFile, 'H.f64'));
    await mkdir(join(dirAsFile, 'H.f64'));
    await expect('H.f64 is a directory: io or model-format', dirAsFile, ['io', 'model-format']);

    const entries = async () => (await readdir(root)).sort().join(',');
    const listed = await entries();
    const badW = { ...model, W: new DenseMatrix(5, 3) };
    const refused = await saveModel(join(root, 'bad'), badW).then(
      () => 'saved',
      (e) => (isRivuletError(e, 'invalid-input') ? null : String(e)),
    );
    checks['a model whose parts do not fit: invalid-input, nothing written'] =
      refused ?? ((await entries()) === listed ? null : `left ${await entries()}`);
    const over = await saveModel(good, badW).then(
      () => 'saved',
      (e) => (isRivuletError(e) ? null : String(e)),
    );
    const still = await loadModel(good).then(
      (m) => (m.H.data.join() === H.data.join() ? null : 'changed'),
      (e) => String(e),
    );
    checks['overwriting with a bad model keeps the old one intact'] = over ?? still;
    const nan = await saveModel(join(root, 'nan'), { ...model, settings: { tol: Number.NaN } }).then(
      () => 'saved',
      (e) => (isRivuletError(e) ? null : String(e)),
    );
    checks['NaN in settings: refused, nothing written'] =
      nan ?? ((await entries()) === listed ? null : `left ${await entries()}`);
    await writeFile(join(root, 'a-file'), 'keep');
    const onFile = await saveModel(join(root, 'a-file'), model).then(
      () => 'saved',
      (e) => (isRivuletError(e, 'invalid-option') ? null : String(e)),
    );
    checks['saving over a plain file: refused, the file untouched, no temporary left'] =
      onFile ??
      ((await readFile(join(root, 'a-file'), 'utf8')) !== 'keep'
        ? 'the file changed'
        : (await readdir(root)).some((n) => n.includes('.tmp-'))
          ? 'a temporary directory was left behind'
          : null);

    const halfWritten = join(root, 'never-renamed');
    await mkdir(halfWritten);
    await writeFile(join(halfWritten, 'H.f64'), bytes);
    await expect('a directory without model.json (interrupted copy): io', halfWritten, [
      'io',
      'model-format',
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return checks;
}

/** A FIFO in place of H.f64: open() blocks for a writer that never comes. */
async function modelFifo(): Promise<Checks> {
  const root = await mkdtemp(join(tmpdir(), 'rivulet-fifo-'));
  const dir = join(root, 'm');
  await saveModel(dir, {
    settings: {},
    vocabulary: ['a', 'b'],
    weighting: { kind: 'count', norm: null },
    H: DenseMatrix.fromRows([[1, 2]]),
  });
  await rm(join(dir, 'H.f64'));
  execFileSync('mkfifo', [join(dir, 'H.f64')]);
  const checks: Checks = {};
  try {
    const loaded = await Promise.race([
      loadModel(dir),
      new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 3000).unref()),
    ]);
    checks['H.f64 is a FIFO: model-format or io, no hang'] =
      loaded === 'hang' ? 'loadModel blocked on the FIFO (3 s)' : 'loaded without an error';
  } catch (error) {
    checks['H.f64 is a FIFO: model-format or io, no hang'] =
      isRivuletError(error, 'model-format') || isRivuletError(error, 'io') ? null : String(error);
  }
  if (checks['H.f64 is a FIFO: model-format or io, no hang'] !== null) {
    // Unblock the pending open() by writing to the FIFO, so this process can still exit.
    execFileSync('sh', ['-c', `printf x > '${join(dir, 'H.f64')}'`]);
  }
  await rm(root, { recursive: true, force: true });
  return checks;
}

async function workerFailures(): Promise<Checks> {
  const checks: Checks = {};
  const bad = await settle(trainInWorker(nmfMuModule, A, { components: 0 }));
  checks['bad options inside the worker: worker error with an invalid-option cause'] =
    isRivuletError(bad.error, 'worker') && isRivuletError((bad.error as Error).cause, 'invalid-option')
      ? null
      : `got ${String(bad.error)}`;
  const nan = CsrMatrix.fromDense([
    [1, Number.NaN],
    [1, 1],
  ]);
  const badData = await settle(trainInWorker(nmfCdModule, nan, { components: 1 }));
  checks['NaN data in the worker: worker error with an invalid-input cause'] =
    isRivuletError(badData.error, 'worker') && isRivuletError((badData.error as Error).cause, 'invalid-input')
      ? null
      : `got ${String(badData.error)}`;
  const clone = await settle(
    trainInWorker(nmfMuModule, A, { components: 2, sliceMs: (() => 1) as unknown as number }),
  );
  checks['an option that cannot cross threads (a function): RivuletError'] = isRivuletError(clone.error)
    ? null
    : `got ${(clone.error as Error)?.name}: ${(clone.error as Error)?.message}`;
  // Training code that crashes inside the worker (an out-of-range CSR column index reaches the kernels).
  const hostile = new CsrMatrix(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 7), Float64Array.of(1, 1));
  const crash = await settle(trainInWorker(nmfMuModule, hostile, { components: 1 }));
  checks['a crash inside the worker: a worker error, no result'] = crash.hung
    ? 'hung'
    : isRivuletError(crash.error) && !crash.values.some(isResult)
      ? null
      : `got ${String(crash.error)}`;
  return checks;
}

/**
 * Work whose dense memory would be absurd must be refused up front with a `limit` error naming the size
 * and the option that helps. Run under `ulimit -v` by the parent, so a missing check fails in the
 * allocator (a RangeError) instead of exhausting the machine.
 */
async function limits(): Promise<Checks> {
  const checks: Checks = {};
  const n = 1_000_000;
  const indptr = new Int32Array(n + 1).fill(1);
  indptr[0] = 0;
  const huge = new CsrMatrix(n, n, indptr, Int32Array.of(0), Float64Array.of(1));
  // In a worker the refusal arrives as kind `worker` with the `limit` error as its cause.
  const limitError = (thrown: unknown, option: string) => {
    const error = isRivuletError(thrown, 'worker') ? thrown.cause : thrown;
    return !isRivuletError(error, 'limit')
      ? `got ${(error as Error)?.name}${isRivuletError(error) ? `(${error.kind})` : ''}: ${(error as Error)?.message}`
      : !error.message.includes(option)
        ? `the message does not name ${option}: ${error.message}`
        : !/\d\s*(bytes|[KMGT]i?B)/.test(error.message)
          ? `the message does not state the size: ${error.message}`
          : null;
  };
  const refuse = async (what: string, events: () => Observable<unknown>, option: string) => {
    const t0 = Date.now();
    const { error, hung } = await settle(events(), 30_000);
    checks[what] = hung ? 'hung' : limitError(error, option);
    if (checks[what] === null && Date.now() - t0 > 10_000) checks[what] = 'refused, but only after 10 s';
  };
  const big = '1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)';
  await refuse(
    `nmf mu, random start: ${big}`,
    () => trainNmf(huge, { components: 1000, init: 'random' }),
    'components',
  );
  await refuse(
    `nmf cd, default start: ${big}`,
    () => trainNmf(huge, { components: 1000, solver: 'cd' }),
    'components',
  );
  await refuse(`svd: ${big}`, () => trainSvd(huge, { components: 1000 }), 'components');
  await refuse(`online nmf: ${big}`, () => trainOnlineNmf(huge, { components: 1000 }), 'components');
  await refuse(
    `nmf in a worker: ${big}`,
    () => trainInWorker(nmfMuModule, huge, { components: 1000, init: 'random' }),
    'components',
  );
  const rows = new DenseMatrix(200_000, 2);
  rows.data.fill(1);
  const sync = (what: string, run: () => unknown, option: string) => {
    try {
      run();
      checks[what] = 'no error';
    } catch (error) {
      checks[what] = limitError(error, option);
    }
  };
  sync('pairwiseCosine of 200 000 rows (320 GB)', () => pairwiseCosine(rows), 'maxBytes');
  sync('similarityIndex(…).pairwise() of 200 000 rows', () => similarityIndex(rows).pairwise(), 'maxBytes');
  const viaOperator = await settle(of(rows).pipe(similarity()));
  sync(
    'the similarity operator: pairwise() of 200 000 rows',
    () => {
      if (viaOperator.error !== undefined) throw viaOperator.error;
      (viaOperator.values[0] as { pairwise(): unknown }).pairwise();
    },
    'maxBytes',
  );
  return checks;
}

/**
 * Saves a large model to `process.argv[3]` over and over, alternating two versions, until killed: the
 * parent kills it at an arbitrary moment and checks what is left on disk.
 */
async function saveLoop(): Promise<Checks> {
  const dir = process.argv[3];
  const versions = [1, 2].map((v) => {
    const H = new DenseMatrix(20, 50_000);
    H.data.fill(v);
    return {
      settings: { version: v },
      vocabulary: Array.from({ length: 50_000 }, (_, j) => `t${j}`),
      weighting: { kind: 'count', norm: null } as const,
      H,
    };
  });
  await saveModel(dir, versions[0], { overwrite: true });
  process.stdout.write('ready\n');
  for (let i = 1; ; i++) await saveModel(dir, versions[i % 2], { overwrite: true });
}

/**
 * Unsubscribes from readLines while it is inside a long line: the file must be closed promptly (checked in
 * /proc/self/fd, where the platform has it), not after the rest of the line has been read.
 */
async function readCancel(): Promise<Checks> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-cancel-'));
  const path = join(dir, 'long.txt');
  await writeFile(path, '长'.repeat(3_000_000));
  const openCount = async () => {
    let n = 0;
    for (const fd of await readdir('/proc/self/fd').catch(() => [] as string[])) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
      if (target === path) n++;
    }
    return n;
  };
  const checks: Checks = {};
  const sub = readLines(path, { chunkSize: 4096 }).subscribe({ error: (e) => (checks.error = String(e)) });
  // Unsubscribe once the file is open: the one line is 9 MB, so the reader is inside it from then on.
  for (let waited = 0; (await openCount()) === 0 && waited < 5000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const wasOpen = await openCount();
  sub.unsubscribe();
  let waited = 0;
  while ((await openCount()) > 0 && waited < 500) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    waited += 25;
  }
  const still = await openCount();
  checks['unsubscribing inside a long line closes the file within 0.5 s'] =
    wasOpen === 0 && !existsSync('/proc/self/fd')
      ? null
      : still > 0
        ? 'the file is still open 0.5 s after unsubscribing (reading goes on to the end of the line)'
        : null;
  // Let the reader finish so that the process can exit on its own, then remove the file.
  while ((await openCount()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await rm(dir, { recursive: true, force: true });
  return checks;
}

/** Trains in a worker from a host started with common V8 flags (the parent passes them). */
async function workerHostFlags(): Promise<Checks> {
  const run = await settle(trainInWorker(nmfMuModule, A, { components: 2, maxEpochs: 5 }));
  return {
    [`trainInWorker from a host run with ${process.execArgv.join(' ')}`]:
      run.error === undefined && run.values.some(isResult)
        ? null
        : `${(run.error as Error)?.name}${isRivuletError(run.error) ? '' : ' (not a RivuletError)'}: ${(run.error as Error)?.message}`,
  };
}

/**
 * The fast kernels' second thread: an engine closed, one dropped without close() and a fastNmfSolver run
 * must all leave the process free to exit.
 */
async function fastKernels(): Promise<Checks> {
  const checks: Checks = {};
  const big = CsrMatrix.fromDense(
    Array.from({ length: 300 }, (_, i) => Array.from({ length: 200 }, (_, j) => ((i * j) % 7 === 0 ? 1 : 0))),
  );
  const W = new DenseMatrix(300, 8);
  W.data.fill(0.5);
  const H = new DenseMatrix(8, 200);
  H.data.fill(0.5);
  if (!wasmSimdSupported()) return { 'two-thread engines (WebAssembly SIMD unavailable: skipped)': null };
  const closed = new FastNmf(big, W, H, { solver: 'mu', backend: 'wasm', threads: 2 });
  for (let i = 0; i < 5; i++) closed.iterate();
  closed.close();
  checks['a closed two-thread engine'] = Number.isFinite(closed.loss()) ? null : 'loss not finite';
  const dropped = new FastNmf(big, W, H, { solver: 'cd', backend: 'wasm', threads: 2 });
  for (let i = 0; i < 5; i++) dropped.iterate();
  checks['a two-thread engine dropped without close()'] = Number.isFinite(dropped.loss())
    ? null
    : 'loss not finite';
  const run = fastNmfSolver(big, W.data, H.data, 8, { solver: 'mu', tol: 1e-4, threads: 2 });
  let epoch = 0;
  while (!run.step(++epoch).converged && epoch < 200);
  run.close();
  checks['a fastNmfSolver run to convergence'] = epoch > 0 ? null : 'no epoch';
  return checks;
}

const SCENARIOS: Record<string, () => Promise<Checks>> = {
  'fast-kernels': fastKernels,
  'worker-host-flags': workerHostFlags,
  'read-cancel': readCancel,
  'save-loop': saveLoop,
  limits,
  'source-errors': sourceErrors,
  'unsubscribe-during-result': unsubscribeDuringResult,
  'model-files': modelFiles,
  'model-fifo': modelFifo,
  'worker-failures': workerFailures,
};

/** Active resources, as type names with multiplicity (the ones present before are not leaks). */
function leakedSince(before: readonly string[]): string[] {
  const left = [...before];
  const leaked: string[] = [];
  for (const r of process.getActiveResourcesInfo()) {
    const i = left.indexOf(r);
    if (i >= 0) left.splice(i, 1);
    else leaked.push(r);
  }
  return leaked;
}

const name = process.argv[2];
const scenario = SCENARIOS[name];
if (scenario === undefined) {
  process.stdout.write(`${JSON.stringify({ error: `unknown scenario ${name}` })}\n`);
  process.exitCode = 2;
} else {
  // The parent reads stdout and stderr through pipes, opened lazily on first use: open them first.
  void process.stdout.writableLength;
  void process.stderr.writableLength;
  const before = process.getActiveResourcesInfo();
  const checks = await scenario();
  // Let closed handles finish closing (a terminated worker's MessagePort, a closed file) before counting:
  // on a loaded machine that takes longer than any fixed pause, so wait up to 5 s for them to go. A real
  // leak stays, and the parent also kills a process that does not exit on its own.
  let leaked = leakedSince(before);
  for (let waited = 0; leaked.length > 0 && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    leaked = leakedSince(before);
  }
  process.stdout.write(`${JSON.stringify({ checks, leaked })}\n`);
}
