import { fitNmf, topTerms } from '@rivulet/decomposition';
import { similarityIndex } from '@rivulet/similarity';
import { tokenize } from '@rivulet/tokenizer';
import { vectorize } from '@rivulet/vectorizer';
import { from, lastValueFrom } from 'rxjs';

const docs = [
  { id: 'pay-1', text: '微信支付接口不稳定' },
  { id: 'pay-2', text: '我们需要稳定的微信支付接口' },
  { id: 'pay-3', text: 'The payment API keeps failing; payment retries help' },
  { id: 'poem-1', text: '床前明月光，疑是地上霜。举头望明月，低头思故乡。' },
  { id: 'poem-2', text: '明月几时有，把酒问青天。' },
  { id: 'poem-3', text: 'The moon rose bright over the quiet hills; the moon and the night' },
];

// Tokenize (Chinese and English alike) and weight by TF-IDF: one documents × terms matrix.
const matrix = await lastValueFrom(
  from(docs).pipe(tokenize({ stopWords: 'en', dictionary: ['微信'] }), vectorize({ weighting: 'tfidf' })),
);

// Two topics by NMF; every epoch reports its loss as it trains.
const { W, H, loss, epochs } = await fitNmf(matrix, {
  components: 2,
  solver: 'cd',
  seed: 1,
  onEvent: (e) =>
    e.type === 'epoch' && e.epoch % 20 === 0 && console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}`),
});
console.log(`trained ${epochs} epochs, loss ${loss.toFixed(4)}`);

for (const topic of topTerms(H, matrix.vocabulary, 4)) {
  console.log(`topic ${topic.index}: ${topic.terms.map((t) => t.term).join(' ')}`);
}

// Documents compared by the cosine of their topic rows.
const index = similarityIndex(W, matrix.ids);
for (const n of index.topK(0, 2)) console.log(`${matrix.ids[0]} ~ ${n.id}: ${n.score.toFixed(3)}`);
