import {
  type Args,
  corpusPath,
  fmt,
  INSTALL_HINT,
  intArg,
  median,
  runNode,
  runPython,
  sklearnAvailable,
  table,
} from './common.js';

interface Round {
  ms: number;
  rows: number;
  cols: number;
  nnz: number;
  tokenizeMs?: number;
}

/**
 * `pnpm bench vectorize [--json] [--corpus PATH] [--rounds 5]`: tokenizing + default TF-IDF of the
 * corpus in Rivulet (@rivulet/tokenizer defaults, @rivulet/vectorizer defaults) against scikit-learn's
 * default `TfidfVectorizer().fit_transform`, alternating fresh processes; medians.
 */
export function benchVectorize(args: Args): void {
  const json = args.flags.has('json');
  const rounds = intArg(args, 'rounds', 5);
  const corpus = corpusPath(args);
  const haveSklearn = sklearnAvailable();
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  if (!haveSklearn) log(INSTALL_HINT);
  const riv: Round[] = [];
  const sk: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['sklearn', 'rivulet'] : ['rivulet', 'sklearn'];
    for (const side of order) {
      if (side === 'rivulet') riv.push(runNode<Round>('vectorizeRound.js', [corpus]));
      else if (haveSklearn) sk.push(runPython<Round>('vectorize_sklearn.py', [corpus]));
    }
  }
  const rivMs = median(riv.map((x) => x.ms));
  const skMs = sk.length > 0 ? median(sk.map((x) => x.ms)) : null;
  const result = {
    case: 'vectorize',
    corpus,
    rounds,
    rivulet_ms: rivMs,
    rivulet_tokenize_ms: median(riv.map((x) => x.tokenizeMs ?? Number.NaN)),
    sklearn_ms: skMs,
    ratio: skMs === null ? null : rivMs / skMs,
    rivulet_shape: [riv[0].rows, riv[0].cols, riv[0].nnz],
    sklearn_shape: sk.length > 0 ? [sk[0].rows, sk[0].cols, sk[0].nnz] : null,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  log(`corpus ${corpus}, ${rounds} alternating rounds, medians (reading the file is not timed)`);
  const span = (xs: Round[]) =>
    `${fmt(Math.min(...xs.map((x) => x.ms)), 0)}–${fmt(Math.max(...xs.map((x) => x.ms)), 0)}`;
  log(
    table(
      ['side', 'ms', 'range', 'rows × cols, nnz'],
      [
        ['rivulet', fmt(rivMs, 0), span(riv), `${riv[0].rows} × ${riv[0].cols}, ${riv[0].nnz}`],
        [
          'sklearn',
          fmt(skMs, 0),
          sk.length > 0 ? span(sk) : '—',
          sk.length > 0 ? `${sk[0].rows} × ${sk[0].cols}, ${sk[0].nnz}` : '—',
        ],
      ],
    ),
  );
  log(
    `ratio (rivulet / sklearn): ${result.ratio === null ? '—' : fmt(result.ratio)}; of which Rivulet tokenizing: ${fmt(result.rivulet_tokenize_ms, 0)} ms`,
  );
}
