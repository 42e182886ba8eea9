/**
 * `pnpm bench zh-topics`: topic quality on the bundled Chinese corpus (data/zh.jsonl, 5,671 documents
 * labelled by fortune file) with each segmenter — the default tokenizer (`Intl.Segmenter`, the runtime's
 * ICU) and `@rivulet/tokenizer-jieba` — and everything else equal: `stopWords: 'zh'`, TF-IDF with
 * `minDf 3`, `maxDf 0.5` (the chinese-topics example's settings), NMF `cd` from `nndsvda`, seeds 0…N−1.
 * Reported per tokenizer: terms, tokenizing time, and the medians over seeds of the NMI of each
 * document's top topic against its `source` label and of the mean NPMI coherence of the top 10 terms
 * (the CLI's measures). NPMI is computed over each tokenizer's own matrix, so it compares how coherent
 * each one's topics are in its own terms.
 *
 * Options: `--components K` (default 8), `--seeds N` (default 3), `--json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizedMutualInformation, npmiCoherence } from '@rivulet/cli';
import type { DocTermMatrix, Document, TokenizedDocument } from '@rivulet/core';
import { fitNmf, topTerms } from '@rivulet/decomposition';
import { tokenize } from '@rivulet/tokenizer';
import { tokenizeJieba } from '@rivulet/tokenizer-jieba';
import { vectorize } from '@rivulet/vectorizer';
import { from, lastValueFrom, type OperatorFunction, toArray } from 'rxjs';
import { fmt, intArg, median, parseArgs, ROOT, table } from './common.js';

interface Row {
  readonly tokenizer: string;
  readonly terms: number;
  readonly tokenizeMs: number;
  readonly nmi: number;
  readonly npmi: number;
  readonly nmiBySeed: readonly number[];
  readonly npmiBySeed: readonly number[];
}

/** Runs the benchmark and prints a table (or JSON with `--json`). */
export async function runZhTopics(argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['components', 'seeds']);
  const components = intArg(args, 'components', 8);
  const seeds = intArg(args, 'seeds', 3);
  const records = readFileSync(join(ROOT, 'data', 'zh.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; text: string; source: string });
  const docs: Document[] = records.map((r) => ({ id: r.id, text: r.text }));
  const labels = records.map((r) => r.source);
  const options = { lang: 'zh', stopWords: 'zh' } as const;
  const tokenizers: [string, OperatorFunction<Document, TokenizedDocument>][] = [
    ['default (Intl.Segmenter)', tokenize(options)],
    ['jieba', tokenizeJieba(options)],
  ];
  const rows: Row[] = [];
  for (const [name, tokenizer] of tokenizers) {
    const t0 = performance.now();
    const tokenized = await lastValueFrom(from(docs).pipe(tokenizer, toArray()));
    const tokenizeMs = performance.now() - t0;
    const matrix: DocTermMatrix = await lastValueFrom(
      from(tokenized).pipe(vectorize({ minDf: 3, maxDf: 0.5 })),
    );
    const index = new Map(matrix.vocabulary.map((term, i) => [term, i]));
    const nmiBySeed: number[] = [];
    const npmiBySeed: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const { W, H } = await fitNmf(matrix, { components, solver: 'cd', seed });
      const top: number[] = [];
      for (let i = 0; i < W.rows; i++) {
        const row = W.row(i);
        let best = 0;
        for (let c = 1; c < components; c++) if (row[c] > row[best]) best = c;
        top.push(best);
      }
      nmiBySeed.push(normalizedMutualInformation(labels, top));
      const topics = topTerms(H, matrix.vocabulary, 10).map((t) =>
        t.terms.map((x) => index.get(x.term) as number),
      );
      const npmi = npmiCoherence(matrix.matrix, topics);
      npmiBySeed.push(npmi.reduce((s, v) => s + v, 0) / npmi.length);
    }
    rows.push({
      tokenizer: name,
      terms: matrix.vocabulary.length,
      tokenizeMs,
      nmi: median(nmiBySeed),
      npmi: median(npmiBySeed),
      nmiBySeed,
      npmiBySeed,
    });
  }
  if (args.flags.has('json')) {
    process.stdout.write(
      `${JSON.stringify({ components, seeds, node: process.version, icu: process.versions.icu, rows }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `Topic quality on data/zh.jsonl (${docs.length} documents) by tokenizer: stopWords zh, TF-IDF minDf 3 maxDf 0.5, NMF cd k = ${components}, medians over seeds 0..${seeds - 1}, ${process.version}, ICU ${process.versions.icu}\n\n` +
      `${table(
        ['tokenizer', 'terms', 'tokenize ms', 'NMI vs source', 'NMI by seed', 'mean NPMI', 'NPMI by seed'],
        rows.map((r) => [
          r.tokenizer,
          String(r.terms),
          fmt(r.tokenizeMs, 0),
          fmt(r.nmi, 4),
          r.nmiBySeed.map((v) => fmt(v, 4)).join(' '),
          fmt(r.npmi, 4),
          r.npmiBySeed.map((v) => fmt(v, 4)).join(' '),
        ]),
      )}\n`,
  );
}
