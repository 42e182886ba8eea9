import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@rivulet/linalg';
import { createTokenizer } from '@rivulet/tokenizer';
import { fitTransform } from '@rivulet/vectorizer';
import type { ExportMeta } from './common.js';

/** The `text` of every line of a JSON Lines corpus. */
export function readCorpusTexts(path: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}

/**
 * The fallback workload when scikit-learn is missing: Rivulet's default tokenizer and TF-IDF, and a
 * seeded random start scaled as scikit-learn's `init='random'` (√(mean(A)/k)·|N(0, 1)|), written in the
 * layout of scripts/bench/export_matrix.py.
 */
export function vectorizeInTypeScript(corpus: string, dir: string, ks: readonly number[]): ExportMeta {
  mkdirSync(dir, { recursive: true });
  const tokenize = createTokenizer({ lang: 'en' });
  const docs = readCorpusTexts(corpus).map((text, i) => ({ id: String(i), tokens: tokenize(text) }));
  const { matrix } = fitTransform(docs);
  const write = (name: string, array: Int32Array | Float64Array) =>
    writeFileSync(join(dir, name), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  write('indptr.i32', matrix.indptr);
  write('indices.i32', matrix.indices);
  write('data.f64', matrix.data);
  let sum = 0;
  for (const v of matrix.data) sum += v;
  for (const k of ks) {
    const scale = Math.sqrt(sum / (matrix.rows * matrix.cols) / k);
    const rng = new Random(0);
    const H0 = new Float64Array(k * matrix.cols).map(() => scale * Math.abs(rng.normal()));
    const W0 = new Float64Array(matrix.rows * k).map(() => scale * Math.abs(rng.normal()));
    write(`W0-k${k}.f64`, W0);
    write(`H0-k${k}.f64`, H0);
  }
  const meta: ExportMeta = {
    rows: matrix.rows,
    cols: matrix.cols,
    nnz: matrix.nnz,
    ks: [...ks],
    corpus,
    scale: 1,
    vectorizer: 'Rivulet tokenizer + vectorizer defaults',
    init: 'random (seed 0)',
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return meta;
}
