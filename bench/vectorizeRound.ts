import { createTokenizer } from '@rivulet/tokenizer';
import { fitTransform } from '@rivulet/vectorizer';
import { readCorpusTexts } from './tsWorkload.js';

/**
 * One Rivulet round of `pnpm bench vectorize`, in its own process: CORPUS. Times tokenizing every text
 * and fitting the default TF-IDF (reading the file is not timed). Prints `{ ms, tokenizeMs, rows, cols, nnz }`.
 */
const texts = readCorpusTexts(process.argv[2]);
const t0 = performance.now();
const tokenize = createTokenizer();
const docs = texts.map((text, i) => ({ id: String(i), tokens: tokenize(text) }));
const t1 = performance.now();
const { matrix } = fitTransform(docs);
const t2 = performance.now();
console.log(
  JSON.stringify({ ms: t2 - t0, tokenizeMs: t1 - t0, rows: matrix.rows, cols: matrix.cols, nnz: matrix.nnz }),
);
