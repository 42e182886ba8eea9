import { RivuletError } from '@rivulet/core';
import { cosine } from '@rivulet/similarity';
import { createTokenizer } from '@rivulet/tokenizer';
import { CLI, usageError } from './CliError.js';
import { openModel, projectRows, vectorizeWith } from './openModel.js';
import { type CommandLine, integerValue, stringValue } from './parseCommandLine.js';
import type { CommandIO } from './topicsCommand.js';

/**
 * `rivulet similar --model DIR "query text" [-k 10]`: the training documents whose topic rows are closest
 * (cosine) to the query's, best first.
 */
export async function similarCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const dir = stringValue(line, 'model');
  if (dir === undefined)
    throw usageError('similar needs --model DIR (a directory written by rivulet topics --save)');
  if (line.positionals.length !== 1)
    throw usageError('similar needs one query text: rivulet similar --model DIR "query text"');
  const k = integerValue(line, 'k', 1) ?? 10;
  const model = await openModel(dir);
  const { W, ids } = model.saved;
  if (!W || !ids || ids.length !== W.rows) {
    throw new RivuletError(
      'model-format',
      CLI,
      `model ${JSON.stringify(dir)} holds no W and ids of its training documents`,
      {
        parameter: '--model',
      },
    );
  }
  if (!model.tokenizer) {
    throw new RivuletError(
      'model-format',
      CLI,
      `model ${JSON.stringify(dir)} was trained on a matrix, so it cannot read a query`,
      {
        parameter: '--model',
      },
    );
  }
  const tokens = createTokenizer({
    ...model.tokenizer,
    dictionary: model.tokenizer.dictionary ? [...model.tokenizer.dictionary] : undefined,
  });
  const query = line.positionals[0];
  const matrix = vectorizeWith(model, [{ id: 'query', tokens: tokens(query) }]);
  const q = projectRows(model, matrix).row(0);
  const scored: { id: string; score: number }[] = [];
  let zero = true;
  for (let c = 0; c < q.length; c++) if (q[c] !== 0) zero = false;
  if (!zero) {
    for (let i = 0; i < W.rows; i++) {
      const score = cosine(q, W.row(i));
      if (Number.isFinite(score)) scored.push({ id: ids[i], score });
    }
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const neighbours = scored.slice(0, k);
  if (line.values.json === true) {
    io.stdout.write(`${JSON.stringify({ query, topics: Array.from(q), neighbours })}\n`);
    return;
  }
  if (zero) {
    io.stdout.write('no known term of the model occurs in the query, so it has no topics to compare\n');
    return;
  }
  const width = String(neighbours.length).length;
  io.stdout.write(
    `${neighbours.map((n, r) => `${String(r + 1).padStart(width)}  ${n.score.toFixed(4)}  ${n.id}`).join('\n')}\n`,
  );
}
