import { tap } from 'rxjs';
import { usageError } from './CliError.js';
import { checkColumns, openModel } from './openModel.js';
import { checkOutputTargets } from './outputTargets.js';
import type { CommandLine } from './parseCommandLine.js';
import { integerValue, stringValue } from './parseCommandLine.js';
import { readCorpus } from './readCorpus.js';
import { argmaxRows, type CommandIO, writeOutput } from './topicsCommand.js';

/**
 * `rivulet transform --model DIR <corpus>`: topic weights of new documents, one JSON line each
 * (`{"id", "topics", "top_topic"}`), on stdout or to `--output` — `TopicModel.transform` of the saved model.
 */
export async function transformCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const dir = stringValue(line, 'model');
  if (dir === undefined)
    throw usageError('transform needs --model DIR (a directory written by rivulet topics --save)');
  if (line.positionals.length !== 1)
    throw usageError('transform needs one corpus: rivulet transform --model DIR <corpus>');
  const output = stringValue(line, 'output');
  // Rounding is for reading: full precision stays the default, so scores round-trip exactly.
  const precision = integerValue(line, 'precision', 1, 17);
  const round = precision === undefined ? (w: number) => w : (w: number) => Number(w.toPrecision(precision));
  await checkOutputTargets(
    [
      { option: '--model', path: dir },
      { option: 'the corpus', path: line.positionals[0] },
    ],
    output === undefined ? [] : [{ option: '--output', path: output }],
  );
  const model = await openModel(dir, line, io);
  const corpus = await readCorpus(
    line.positionals[0],
    { textField: stringValue(line, 'text-field'), idField: stringValue(line, 'id-field') },
    model.pipeline.tokenizer !== null,
    io.progress,
  );
  let ids: readonly string[];
  let W: ReturnType<typeof model.transformMatrix>;
  if (corpus.format === 'mtx') {
    checkColumns(dir, model, corpus.matrix.matrix.cols);
    ids = corpus.matrix.ids;
    W = model.transformMatrix(corpus.matrix);
  } else {
    const read: string[] = [];
    ids = read;
    W = await model.transform(corpus.documents.pipe(tap((d) => read.push(d.id))));
  }
  io.progress.done(`scored ${W.rows.toLocaleString('en-US')} documents`);
  const top = argmaxRows(W);
  const lines: string[] = [];
  for (let i = 0; i < W.rows; i++) {
    lines.push(JSON.stringify({ id: ids[i], topics: Array.from(W.row(i), round), top_topic: top[i] }));
  }
  const text = `${lines.join('\n')}\n`;
  if (output !== undefined) await writeOutput(output, text);
  else io.stdout.write(text);
}
