/**
 * The seed notebook (shared/seed/nmf-tutorial.md), reproduced: six pre-tokenized Chinese documents,
 * binary weighting, NMF with 3 components by multiplicative updates, then the cosine of documents' topic
 * rows. Run: `pnpm example seed [--epochs 10] [--seed 0]`.
 */
import { parseArgs } from 'node:util';
import type { PretokenizedDocument } from '@rivulet/core';
import { nmf } from '@rivulet/decomposition';
import { cosine } from '@rivulet/similarity';
import { tokenize } from '@rivulet/tokenizer';
import { vectorize } from '@rivulet/vectorizer';
import { from } from 'rxjs';

const docs: PretokenizedDocument[] = [
  { id: '1', tokens: ['有', '微信', '红包', '的', '软件'] },
  { id: '2', tokens: ['微信', '支付', '不行', '的'] },
  { id: '3', tokens: ['我们', '需要', '稳定的', '微信', '支付', '接口'] },
  { id: '4', tokens: ['申请', '公众号', '认证'] },
  { id: '5', tokens: ['这个', '还有', '几天', '放', '垃圾', '流量'] },
  { id: '6', tokens: ['可以', '提供', '聚合', '支付', '系统'] },
];

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '10' }, seed: { type: 'string', default: '0' } },
});

// Bad values (`--epochs abc`) reach the error handler below as a RivuletError naming the option.
const events$ = from(docs).pipe(
  tokenize(),
  vectorize({ weighting: 'binary' }),
  nmf({
    components: 3,
    solver: 'mu',
    init: 'random',
    tol: 0,
    maxEpochs: Number(values.epochs),
    seed: Number(values.seed),
  }),
);

events$.subscribe({
  next(event) {
    if (event.type === 'epoch') console.log(`epoch ${event.epoch}  loss ${event.loss.toFixed(6)}`);
    if (event.type === 'result') {
      // 1-based document numbers, as in the notebook.
      const topics = (doc: number) => event.W.row(doc - 1);
      for (const [a, b] of [
        [2, 3],
        [2, 4],
        [2, 1],
      ]) {
        console.log(`cos(doc ${a}, doc ${b}) = ${cosine(topics(a), topics(b)).toFixed(6)}`);
      }
    }
  },
  error(error: Error) {
    console.error(error.message);
    process.exitCode = 1;
  },
});
