/**
 * Topics of raw, hard-wrapped Chinese text: the bundled Chinese fortunes (Debian's fortunes-zh: sayings,
 * Tang poems and Song ci) read as a stream, segmented, weighted by TF-IDF and factorised by NMF.
 * `--tokenizer jieba` segments with the @rivulet/tokenizer-jieba plugin package (jieba's own dictionary)
 * instead of the runtime's `Intl.Segmenter`; every other option stays the same.
 * Run: `pnpm example chinese-topics [--components 8] [--limit 0] [--tokenizer default|jieba]`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitNmf, topTerms } from '@rivulet/decomposition';
import { readJsonl } from '@rivulet/sources';
import { tokenize } from '@rivulet/tokenizer';
import { tokenizeJieba } from '@rivulet/tokenizer-jieba';
import { vectorize } from '@rivulet/vectorizer';
import { lastValueFrom, take } from 'rxjs';

const { values } = parseArgs({
  options: {
    components: { type: 'string', default: '8' },
    limit: { type: 'string', default: '0' },
    tokenizer: { type: 'string', default: 'default' },
  },
});
if (values.tokenizer !== 'default' && values.tokenizer !== 'jieba') {
  throw new Error(`chinese-topics: --tokenizer must be default or jieba, got ${values.tokenizer}`);
}
const corpus = fileURLToPath(new URL('../../data/zh.jsonl', import.meta.url));
const limit = Number(values.limit);

const docs$ = readJsonl(corpus);
const matrix = await lastValueFrom(
  (limit > 0 ? docs$.pipe(take(limit)) : docs$).pipe(
    // Chinese stop words off the top; 微信-style words a segmenter splits can be kept whole with `dictionary`.
    values.tokenizer === 'jieba'
      ? tokenizeJieba({ lang: 'zh', stopWords: 'zh' })
      : tokenize({ lang: 'zh', stopWords: 'zh' }),
    vectorize({ minDf: 3, maxDf: 0.5 }),
  ),
);
console.log(
  `${matrix.ids.length} documents × ${matrix.vocabulary.length} terms, ${matrix.matrix.nnz} non-zeros (tokenizer ${values.tokenizer})`,
);

const result = await fitNmf(matrix, { components: Number(values.components), solver: 'cd', seed: 0 });
console.log(`NMF: ${result.epochs} epochs, loss ${result.loss.toFixed(4)}, converged ${result.converged}`);
for (const topic of topTerms(result.H, matrix.vocabulary, 8)) {
  console.log(`topic ${topic.index}: ${topic.terms.map((t) => t.term).join(' ')}`);
}
