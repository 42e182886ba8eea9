/**
 * Live similarity on a document stream: fit the vocabulary and topics on a first slice of the English
 * fortunes, then stream 6,000 documents in batches through the fitted vectorizer and NMF transform into a
 * growing similarity index, flagging each document whose topic row nearly equals an earlier one's as it
 * arrives (a topic-level near-duplicate: the same mixture of topics, not necessarily the same words);
 * finally, query the index with new text.
 * Run: `pnpm example live-similarity [--threshold 0.9999]`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitNmf, nmfTransform, transformNmf } from '@rivulet/decomposition';
import { LiveSimilarityIndex, nearestNeighbours } from '@rivulet/similarity';
import { batches, readJsonl } from '@rivulet/sources';
import { createTokenizer, tokenize } from '@rivulet/tokenizer';
import { fitVectorizer } from '@rivulet/vectorizer';
import { concatMap, filter, from, lastValueFrom, map, take, toArray, zip } from 'rxjs';

const { values } = parseArgs({ options: { threshold: { type: 'string', default: '0.9999' } } });
const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));
const tokenizerOptions = { stopWords: 'en' } as const;

// Fit on the first 3,000 documents: vocabulary, idf and 50 topics.
const training = await lastValueFrom(
  readJsonl(corpus).pipe(take(3000), tokenize(tokenizerOptions), toArray()),
);
const fitted = fitVectorizer(training, { minDf: 2 });
const { H } = await fitNmf(fitted.transform(training), { components: 50, solver: 'cd', seed: 0 });

// Stream 6,000 documents, 500 at a time → TF-IDF → topic rows → the live index.
const embed = (text: string) =>
  transformNmf(fitted.transform([{ id: 'q', tokens: createTokenizer(tokenizerOptions)(text) }]), H).row(0);
const index = new LiveSimilarityIndex({ dimension: H.rows, embed });
let duplicates = 0;
await lastValueFrom(
  readJsonl(corpus).pipe(
    take(6000),
    tokenize(tokenizerOptions),
    batches(500),
    map((docs) => fitted.transform(docs)),
    concatMap((batch) =>
      zip(from([batch]).pipe(nmfTransform(H)), from([batch.ids])).pipe(
        concatMap(([W, ids]) => ids.map((id, i) => ({ id, row: W.row(i) }))),
      ),
    ),
    // Documents with no known term have an all-zero row: nothing to compare.
    filter((doc) => doc.row.some((v) => v > 0)),
    nearestNeighbours({ k: 1, index, threshold: Number(values.threshold) }),
    filter((doc) => doc.neighbours.length > 0),
    map((doc) => {
      if (++duplicates <= 3)
        console.log(
          `near-duplicate: ${doc.id} ~ ${doc.neighbours[0].id} (${doc.neighbours[0].score.toFixed(4)})`,
        );
      return doc;
    }),
  ),
  { defaultValue: undefined },
);
console.log(`indexed ${index.size} documents; ${duplicates} near-duplicates flagged on arrival`);

for (const hit of index.query('the computer program has a bug', 3)) {
  console.log(`query → ${hit.id} (${hit.score.toFixed(3)})`);
}
