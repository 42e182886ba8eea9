/**
 * The file-safety families of fileChecks.ts run over every reader and writer of files that exists today:
 * the sources readers, the CLI's corpus and option files, saveModel/loadModel, the CLI's outputs.
 */

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, type SavedModel, saveModel } from '@rivulet/decomposition';
import { DenseMatrix } from '@rivulet/linalg';
import { jsonlDocuments, readJsonl, readJsonlSync, readLines, readTextFile } from '@rivulet/sources';
import test from 'ava';
import { lastValueFrom } from 'rxjs';
import {
  concurrentWriteChecks,
  crashWindowChecks,
  fromCommand,
  fromLibrary,
  longLineCheck,
  neverDeleteChecks,
  outputClashChecks,
  specialFileChecks,
} from './fileChecks.js';
import { startScenario } from './runScenario.js';

const BIN = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const rivulet = (...args: string[]) => fromCommand(process.execPath, [BIN, ...args], { timeoutMs: 60_000 });
const drain = async (iterable: AsyncIterable<unknown>) => {
  for await (const _ of iterable);
};

// Special files: every reader of a path.
specialFileChecks(test, 'readLines', 'c.txt', (p) =>
  fromLibrary(() => lastValueFrom(readLines(p), { defaultValue: 0 })),
);
specialFileChecks(test, 'readJsonl', 'c.jsonl', (p) =>
  fromLibrary(() => lastValueFrom(readJsonl(p), { defaultValue: 0 })),
);
specialFileChecks(test, 'readJsonlSync', 'c.jsonl', (p) => fromLibrary(() => readJsonlSync(p, {}, () => {})));
specialFileChecks(test, 'jsonlDocuments', 'c.jsonl', (p) => fromLibrary(() => drain(jsonlDocuments(p))));
specialFileChecks(test, 'readTextFile', 'words.txt', (p) => fromLibrary(() => readTextFile(p)));
specialFileChecks(test, 'loadModel', 'model', (p) => fromLibrary(() => loadModel(p)));
for (const extension of ['jsonl', 'txt', 'mtx']) {
  specialFileChecks(
    test,
    `rivulet topics <corpus>.${extension}`,
    `c.${extension}`,
    (p) => rivulet('topics', p, '--quiet'),
    {
      // Commands wait their turn (two run at a time); each run is killed after 60 s by fromCommand.
      timeoutMs: 600_000,
      // A directory is a corpus of its files (here: none), not a special file.
      skip: ['a directory where a file is expected'],
    },
  );
}
specialFileChecks(
  test,
  'rivulet topics --stop-words',
  'stop.txt',
  async (p) => {
    const corpus = join(p, '..', 'c.jsonl');
    await writeFile(corpus, '{"text":"apple banana"}\n{"text":"cherry grape"}\n');
    return rivulet('topics', corpus, '--stop-words', p, '--components', '1', '--quiet');
  },
  { timeoutMs: 600_000 },
);

// Lines without end: a bound, named by file and line.
longLineCheck(test, 'readLines', 'c.txt', 5000, (p) =>
  fromLibrary(() => lastValueFrom(readLines(p, { maxLineLength: 1000 }))),
);
longLineCheck(test, 'readJsonl', 'c.jsonl', 5000, (p) =>
  fromLibrary(() => lastValueFrom(readJsonl(p, { maxLineLength: 1000 }))),
);
longLineCheck(test, 'readJsonlSync', 'c.jsonl', 5000, (p) =>
  fromLibrary(() => readJsonlSync(p, { maxLineLength: 1000, chunkSize: 64 }, () => {})),
);
longLineCheck(test, 'readTextFile', 'words.txt', 5000, (p) =>
  fromLibrary(() => readTextFile(p, { maxLength: 1000 })),
);

// Outputs that meet inputs.
const CORPUS = `${['apple banana cherry', 'kernel linker parser', 'ocean wave tide', 'apple grape cherry']
  .map((text, i) => JSON.stringify({ id: `d${i}`, text }))
  .join('\n')}\n`;
const makeCorpus = async (dir: string) => {
  const path = join(dir, 'docs.jsonl');
  await writeFile(path, CORPUS);
  return path;
};
const FAST = ['--components', '2', '--max-epochs', '5', '--quiet'];
outputClashChecks(test, 'rivulet topics --output', makeCorpus, (input, output) =>
  rivulet('topics', input, ...FAST, '--output', output),
);
outputClashChecks(test, 'rivulet topics --report', makeCorpus, (input, output) =>
  rivulet('topics', input, ...FAST, '--report', output),
);
outputClashChecks(test, 'rivulet topics --save --force', makeCorpus, (input, output) =>
  rivulet('topics', input, ...FAST, '--save', output, '--force'),
);

// Directories that must never be deleted.
const model: SavedModel = {
  settings: { version: 1 },
  vocabulary: ['a', 'b', 'c'],
  weighting: { kind: 'count', norm: null },
  H: DenseMatrix.fromRows([[1, 2, 3]]),
};
neverDeleteChecks(test, 'saveModel(dir, model, { overwrite: true })', (dir) =>
  fromLibrary(() => saveModel(dir, model, { overwrite: true })),
);
neverDeleteChecks(test, 'rivulet topics --save DIR --force', async (dir) => {
  // The corpus lives outside the workspace, whose every file must stay as it was.
  const corpus = await makeCorpus(await mkdtemp(join(tmpdir(), 'rivulet-corpus-')));
  return rivulet('topics', corpus, ...FAST, '--save', dir, '--force');
});

// Crash windows.
crashWindowChecks(test, 'saveModel over its own model', {
  spawnWriter: (target) => startScenario('save-loop', [target]),
  read: async (target) => {
    const m = await loadModel(target);
    const v = m.settings.version;
    if (!m.H.data.every((x) => x === v)) throw new Error('a mixed model');
    return `version ${v}`;
  },
  tidy: async (target) => saveModel(target, await loadModel(target), { overwrite: true }),
});
concurrentWriteChecks(
  test,
  'saveModel',
  (target) => saveModel(target, model),
  (target, i) =>
    fromLibrary(() => saveModel(target, { ...model, settings: { version: i } }, { overwrite: true })),
  (target) => loadModel(target),
);

test('crash windows › readLines: a .txt corpus truncated while it is read is an error, not a torn document', async (t) => {
  const path = join(await mkdtemp(join(tmpdir(), 'rivulet-trunc-')), 'c.txt');
  await writeFile(path, `${'one line of text\n'.repeat(1000)}a last document that will be torn\n`);
  let truncated = false;
  const verdict = await fromLibrary(() =>
    lastValueFrom(
      readLines(path, {
        chunkSize: 1024,
        onProgress: () => {
          if (truncated) return;
          truncated = true;
          return writeFile(path, 'one line');
        },
      }),
    ),
  );
  t.true(verdict.refused, verdict.message);
  t.regex(verdict.message, /^readLines: ".*c\.txt" changed while it was read/);
  t.is(await readFile(path, 'utf8'), 'one line');
});
