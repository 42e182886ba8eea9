/**
 * Nearest documents for many new documents at once: fit 20 topics on 3,000 English fortunes, project the
 * next 1,000 documents onto them, and find each one's 10 closest training documents — exactly, by blocked
 * matrix products (`queryMany` of @rivulet/similarity), and approximately, on an HNSW graph
 * (@rivulet/similarity-usearch, the same interface) — then compare the two answers (recall@10).
 * Documents with no known term have an all-zero topic row: a query with one is refused, so they are
 * counted and left out here.
 * Run: `pnpm example similar-documents`.
 */
import { fileURLToPath } from 'node:url';
import { fitNmf, transformNmf } from '@rivulet/decomposition';
import { DenseMatrix } from '@rivulet/linalg';
import { similarityIndex } from '@rivulet/similarity';
import { usearchIndex } from '@rivulet/similarity-usearch';
import { readJsonl } from '@rivulet/sources';
import { tokenize } from '@rivulet/tokenizer';
import { fitVectorizer } from '@rivulet/vectorizer';
import { lastValueFrom, take, toArray } from 'rxjs';

const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));
const docs = await lastValueFrom(
  readJsonl(corpus).pipe(take(4000), tokenize({ stopWords: 'en' }), toArray()),
);
const training = docs.slice(0, 3000);
const fitted = fitVectorizer(training, { minDf: 2 });
const trainingMatrix = fitted.transform(training);
const { W, H } = await fitNmf(trainingMatrix, { components: 20, solver: 'cd', seed: 0 });

// The new documents' topic rows; the all-zero ones (no known term) cannot be queried.
const fresh = fitted.transform(docs.slice(3000));
const rows = transformNmf(fresh, H);
const kept: number[] = [];
for (let i = 0; i < rows.rows; i++) if (rows.row(i).some((v) => v !== 0)) kept.push(i);
const queries = DenseMatrix.fromRows(kept.map((i) => rows.row(i)));
console.log(`${queries.rows} new documents queried; ${rows.rows - queries.rows} left out (no known term)`);

const exact = similarityIndex(W, trainingMatrix.ids).queryMany(queries, 10);
const approximate = usearchIndex(W, trainingMatrix.ids).queryMany(queries, 10);

let found = 0;
for (let q = 0; q < exact.length; q++) {
  const truth = new Set(exact[q].map((n) => n.index));
  found += approximate[q].filter((n) => truth.has(n.index)).length;
}
console.log(
  `recall@10 of the approximate index against the exact one: ${(found / (10 * exact.length)).toFixed(4)}`,
);
const first = fresh.ids[kept[0]];
for (const n of exact[0].slice(0, 3)) console.log(`${first} ~ ${n.id} (${n.score.toFixed(3)})`);
