/**
 * `pnpm bench tokenize`: tokenizer throughput at 64 KB, 256 KB, 1 MB, 4 MB and 8 MB of English and of
 * Chinese text from the bundled corpora (data/en.jsonl, data/zh.jsonl, cycled when a size needs more),
 * median of 5 rounds after one warm-up, in MB/s. Time per MB that stays flat as the size grows is the
 * evidence that tokenizing is linear in its input (Intl.Segmenter alone is badly superlinear on long
 * strings; the tokenizer cuts Chinese into chunks to avoid that).
 *
 * Two modes per size: the whole text as one string with no document boundaries (the worst case for
 * superlinear behaviour) and the same text as its documents, one call each (the pipeline's case).
 *
 * Chinese is measured twice: with the default tokenizer (`Intl.Segmenter`, the runtime's ICU) and with
 * `@rivulet/tokenizer-jieba` (jieba's own dictionary); same options otherwise, so the difference is the
 * segmenter. English text never reaches a segmenter, so it is measured once.
 *
 * Options: `--rounds N` (default 5), `--sizes 64K,1M,…`, `--json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenizer } from '@rivulet/tokenizer';
import { createJiebaTokenizer } from '@rivulet/tokenizer-jieba';
import { fmt, intArg, median, parseArgs, ROOT, table } from './common.js';

const DEFAULT_SIZES = ['64K', '256K', '1M', '4M', '8M'];

interface Row {
  readonly corpus: 'en' | 'zh';
  readonly tokenizer: 'default' | 'jieba';
  readonly bytes: number;
  readonly documents: number;
  readonly tokens: number;
  readonly wholeMs: number;
  readonly documentsMs: number;
}

/** Parses `64K` / `1M` / a plain byte count. */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KM]?)$/i.exec(text.trim());
  if (m === null) throw new Error(`bench tokenize: --sizes takes sizes like 64K or 4M, got ${text}`);
  const unit = m[2].toUpperCase() === 'M' ? 1 << 20 : m[2].toUpperCase() === 'K' ? 1 << 10 : 1;
  return Math.round(Number(m[1]) * unit);
}

/**
 * The texts of a JSONL corpus in a fixed shuffled order, so that every size draws the same mix of
 * sources (the files are sorted by source: a prefix of zh.jsonl is all prose, its tail all poems).
 */
function texts(file: string): string[] {
  const all = readFileSync(join(ROOT, 'data', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  let state = 12345;
  for (let i = all.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = Math.floor((state / 2147483648) * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

/** Whole documents, cycling through the corpus, until their UTF-8 size reaches `bytes`. */
function sample(corpus: readonly string[], bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i = (i + 1) % corpus.length) {
    out.push(corpus[i]);
    size += Buffer.byteLength(corpus[i]) + 2;
  }
  return out;
}

function time(run: () => void, rounds: number): number {
  run();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** Runs the benchmark and prints a table (or JSON with `--json`). */
export async function runTokenize(argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['rounds', 'sizes']);
  const rounds = intArg(args, 'rounds', 5);
  const sizes = (args.values.get('sizes')?.split(',') ?? DEFAULT_SIZES).map(parseSize);
  const tokenizers = { default: createTokenizer(), jieba: createJiebaTokenizer() };
  const cases = [
    ['en', 'default'],
    ['zh', 'default'],
    ['zh', 'jieba'],
  ] as const;
  const rows: Row[] = [];
  for (const [corpus, name] of cases) {
    const tokenizer = tokenizers[name];
    const all = texts(`${corpus}.jsonl`);
    for (const bytes of sizes) {
      const docs = sample(all, bytes);
      const whole = docs.join('\n\n');
      let tokens = 0;
      const wholeMs = time(() => {
        tokens = tokenizer(whole).length;
      }, rounds);
      const documentsMs = time(() => {
        for (const d of docs) tokenizer(d);
      }, rounds);
      rows.push({
        corpus,
        tokenizer: name,
        bytes: Buffer.byteLength(whole),
        documents: docs.length,
        tokens,
        wholeMs,
        documentsMs,
      });
    }
  }
  if (args.flags.has('json')) {
    process.stdout.write(
      `${JSON.stringify({ rounds, node: process.version, icu: process.versions.icu, rows }, null, 2)}\n`,
    );
    return;
  }
  const mb = (bytes: number) => bytes / (1 << 20);
  const base = new Map<string, Row>();
  for (const r of rows)
    if (!base.has(`${r.corpus} ${r.tokenizer}`)) base.set(`${r.corpus} ${r.tokenizer}`, r);
  const lines = rows.map((r) => {
    const first = base.get(`${r.corpus} ${r.tokenizer}`) as Row;
    // Time per MB relative to the smallest size: 1.0 everywhere is linear time.
    const growth = r.wholeMs / mb(r.bytes) / (first.wholeMs / mb(first.bytes));
    return [
      r.corpus,
      r.tokenizer,
      r.bytes >= 1 << 20 ? `${fmt(mb(r.bytes), 1)} MB` : `${fmt(r.bytes / 1024, 0)} KB`,
      String(r.documents),
      String(r.tokens),
      fmt(r.wholeMs, 1),
      fmt(mb(r.bytes) / (r.wholeMs / 1000), 2),
      fmt(growth, 2),
      fmt(r.documentsMs, 1),
      fmt(mb(r.bytes) / (r.documentsMs / 1000), 2),
    ];
  });
  process.stdout.write(
    `Tokenizer throughput (createTokenizer() and createJiebaTokenizer() defaults, lang auto), median of ${rounds} after a warm-up, ${process.version}, ICU ${process.versions.icu}\n` +
      `"one string": the sample as a single text with no document boundaries; "per document": one call per document.\n` +
      `"ms/MB vs first" is time per MB relative to the smallest size of that corpus: flat (≈1) means linear time.\n\n` +
      `${table(
        [
          'corpus',
          'tokenizer',
          'size',
          'docs',
          'tokens',
          'one string ms',
          'MB/s',
          'ms/MB vs first',
          'per document ms',
          'MB/s',
        ],
        lines,
      )}\n`,
  );
}
