/**
 * Hostile model settings (issue 10, item 6): a model saved by `rivulet topics --save`, mutated and
 * re-checksummed, is refused by the library's `loadModel` and by the CLI's model opening.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { main } from '@rivulet/cli';
import { RivuletError } from '@rivulet/core';
import { TopicModel } from '@rivulet/model';
import test from 'ava';
import { checkHostileModels } from './hostileModels.js';

const THEMES = [
  ['apple', 'banana', 'cherry', 'grape'],
  ['compiler', 'kernel', 'debugger', 'linker'],
];

let corpus = '';

/** Trains and saves a two-topic model of a small corpus through the command, as a user would. */
async function saved(dir: string): Promise<void> {
  corpus = join(dirname(dir), 'corpus.jsonl');
  const lines = [];
  for (let i = 0; i < 12; i++) {
    const words = THEMES[i % 2];
    lines.push(JSON.stringify({ id: `d${i}`, text: words.map((w, j) => (j <= i % 4 ? w : '')).join(' ') }));
  }
  await writeFile(corpus, `${lines.join('\n')}\n`);
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } };
  const code = await main(
    [
      'topics',
      corpus,
      '--components',
      '2',
      '--max-epochs',
      '50',
      '--quiet',
      '--save',
      dir,
      '--output',
      join(dirname(dir), 'o.jsonl'),
    ],
    io,
  );
  if (code !== 0) throw new Error(out.join(''));
}

/** The model object's load (and through it `loadModel` and `checkModel`). */
checkHostileModels(test, 'TopicModel.load', saved, (dir) => TopicModel.load(dir));

/**
 * The CLI's model opening, seen through `rivulet transform`: a refusal must be exit 1 with one line
 * `rivulet: <stage>: <field> …`, handed to the check as the model-format error it reports.
 */
checkHostileModels(test, 'rivulet transform', saved, async (dir) => {
  const err: string[] = [];
  const io = { stdout: { write: () => {} }, stderr: { write: (s: string) => err.push(s) } };
  const code = await main(['transform', '--model', dir, corpus, '--quiet'], io);
  const message = err.join('').trimEnd();
  if (code === 1 && !message.includes('\n') && !message.includes('unexpected error')) {
    throw new RivuletError('model-format', 'rivulet', message.slice('rivulet: '.length));
  }
  if (code !== 0) throw new Error(`exit ${code}: ${message}`);
});
