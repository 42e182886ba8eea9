import { RivuletError } from '@rivulet/core';
import { CLI, oneLine, usageError } from './CliError.js';
import { openModel } from './openModel.js';
import { type CommandLine, integerValue, stringValue } from './parseCommandLine.js';
import type { CommandIO } from './topicsCommand.js';

/**
 * `rivulet similar --model DIR "query text" [-k 10]`: the training documents whose topic rows are closest
 * (cosine) to the query's, best first — `TopicModel.transform` and `TopicModel.similar` of the saved model —
 * each with the beginning of its text when the model kept it (`TopicModel.snippets`).
 */
export async function similarCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const dir = stringValue(line, 'model');
  if (dir === undefined)
    throw usageError('similar needs --model DIR (a directory written by rivulet topics --save)');
  if (line.positionals.length !== 1)
    throw usageError('similar needs one query text: rivulet similar --model DIR "query text"');
  const k = integerValue(line, 'k', 1) ?? 10;
  const model = await openModel(dir, line, io);
  const named = `model ${JSON.stringify(dir)}`;
  if (!model.W || !model.ids) {
    throw new RivuletError('model-format', CLI, `${named} holds no W and ids of its training documents`, {
      parameter: '--model',
    });
  }
  if (model.pipeline.tokenizer === null) {
    throw new RivuletError(
      'model-format',
      CLI,
      `${named} was trained on a matrix, so it cannot read a query`,
      {
        parameter: '--model',
      },
    );
  }
  const query = line.positionals[0];
  const q = (await model.transform([query])).row(0);
  const snippets = model.snippets;
  const neighbours = (await model.similar(q, k)).map((n) => ({
    id: n.id,
    score: n.score,
    ...(snippets ? { snippet: snippets[n.index] } : {}),
  }));
  if (line.values.json === true) {
    io.stdout.write(`${JSON.stringify({ query, topics: Array.from(q), neighbours })}\n`);
    return;
  }
  if (neighbours.length === 0) {
    io.stdout.write('no known term of the model occurs in the query, so it has no topics to compare\n');
    return;
  }
  const width = String(neighbours.length).length;
  io.stdout.write(
    `${neighbours.map((n, r) => `${String(r + 1).padStart(width)}  ${n.score.toFixed(4)}  ${oneLine(String(n.id))}${n.snippet ? `  ${oneLine(n.snippet)}` : ''}`).join('\n')}\n`,
  );
}
