/**
 * Results from plugins (issue 10, item 8): misbehaving decomposers run through every host — the container
 * pipeline, `untilResult` over `checkResults`, and the `rivulet` command (as a separate process, so a
 * stalled stream can be seen) — and each faulty result is refused naming the decomposer.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkResults,
  createContainer,
  DECOMPOSER,
  type DecomposerStage,
  type DocTermMatrix,
  PIPELINE,
  RivuletError,
  resolvePlugin,
  untilResult,
} from '@rivulet/core';
import { tokenize, tokenizerModule } from '@rivulet/tokenizer';
import { vectorize, vectorizerModule } from '@rivulet/vectorizer';
import test from 'ava';
import { lastValueFrom, of, toArray } from 'rxjs';
import { fakeDecomposersModule } from './fakeDecomposers.js';
import { checkPluginResults } from './pluginResults.js';

const DOCS = [
  { id: 'a', text: 'apple banana cherry apple' },
  { id: 'b', text: 'compiler kernel linker kernel' },
  { id: 'c', text: 'apple kernel banana linker' },
];

/** The container pipeline with the fake bound as the active decomposer. */
checkPluginResults(
  test,
  'Pipeline',
  async (name) => {
    const container = createContainer([tokenizerModule(), vectorizerModule(), fakeDecomposersModule()]);
    const stage = resolvePlugin<DecomposerStage>(container, 'decomposer', name, { components: 2 });
    container.bind(DECOMPOSER).toConstantValue(stage);
    await lastValueFrom(
      container
        .get(PIPELINE)
        .run(of(...DOCS))
        .pipe(toArray()),
    );
  },
  { descriptor: false },
);

/** A caller of a decomposer stage by hand, through core's boundary check and untilResult. */
checkPluginResults(test, 'checkResults + untilResult', async (name) => {
  const container = createContainer([fakeDecomposersModule()]);
  const stage = resolvePlugin<DecomposerStage>(container, 'decomposer', name, { components: 2 });
  const matrix: DocTermMatrix = await lastValueFrom(of(...DOCS).pipe(tokenize(), vectorize()));
  await untilResult(
    stage.apply(of(matrix)).pipe(
      checkResults({
        decomposer: name,
        rows: 3,
        cols: matrix.matrix.cols,
        components: 2,
        nonNegative: true,
      }),
    ),
  );
});

const BIN = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const FAKES = fileURLToPath(new URL('./fakeDecomposers.js', import.meta.url));
let corpus: Promise<string> | undefined;

/** `rivulet topics` in its own process with the fakes as a --plugin; exit 1 and one line is a refusal. */
checkPluginResults(
  test,
  'rivulet topics',
  async (name) => {
    corpus ??= mkdtemp(join(tmpdir(), 'rivulet-fakes-')).then(async (dir) => {
      const path = join(dir, 'docs.jsonl');
      await writeFile(path, `${DOCS.map((d) => JSON.stringify(d)).join('\n')}\n`);
      return path;
    });
    const path = await corpus;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) =>
        execFile(
          process.execPath,
          [
            BIN,
            'topics',
            path,
            '--plugin',
            FAKES,
            '--decomposer',
            name,
            '--components',
            '2',
            '--json',
            '--quiet',
          ],
          { timeout: 180_000 },
          (error, out, err) =>
            resolve({
              code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
              stdout: out,
              stderr: err,
            }),
        ),
    );
    if (code === 0) throw new Error(`exit 0, printed ${stdout.slice(0, 200)}`);
    if (stdout.includes('"loss": null') || stdout.includes('"loss":null'))
      throw new Error('printed a null loss');
    const line = stderr.trimEnd();
    if (code === 1 && line.startsWith('rivulet: train: ') && !line.includes('\n')) {
      throw new RivuletError('invalid-input', 'train', line.slice('rivulet: train: '.length));
    }
    throw new Error(`exit ${code}: ${stderr}`);
  },
  { stalls: true },
);
